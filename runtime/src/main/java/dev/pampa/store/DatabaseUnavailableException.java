package dev.pampa.store;

/** The database cannot be reached or refused us; the message names the cause and the fix. */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
