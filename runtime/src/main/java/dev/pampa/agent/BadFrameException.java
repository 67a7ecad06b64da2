package dev.pampa.agent;

import java.io.IOException;

/** A frame that is not one of the protocol's: too long, of an unknown type, or cut short. */
public final class BadFrameException extends IOException {
    public BadFrameException(String message) {
        super(message);
    }
}
