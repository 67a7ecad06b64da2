package dev.pampa.store;

/** The pampa schema is missing or older than this runtime; {@code migrate} fixes it. */
public class SchemaTooOldException extends RuntimeException {
    public SchemaTooOldException(String message) {
        super(message);
    }
}
