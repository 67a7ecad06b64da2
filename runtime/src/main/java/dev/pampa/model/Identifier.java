package dev.pampa.model;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A PostgreSQL identifier as the server counts it: at most 63 bytes of UTF-8 (longer ones are cut
 * silently, so a name that passed a count in characters would name another column), and no control
 * character (a NUL ends the protocol's string and reads as a lost connection).
 */
public final class Identifier {
    public static final int MAX_BYTES = 63;

    private Identifier() {
    }

    /** Why {@code name} cannot be an identifier, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("is empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of("is " + bytes + " bytes in UTF-8 (" + name.codePointCount(0, name.length())
                    + " characters), over PostgreSQL's " + MAX_BYTES);
        }
        int control = name.codePoints().filter(Character::isISOControl).findFirst().orElse(-1);
        if (control >= 0) {
            return Optional.of("contains the control character U+" + String.format("%04X", control));
        }
        return Optional.empty();
    }

    /** {@code text} with each control character shown as a Java escape (backslash, u, four hex digits), for quoting a bad value in a message. */
    public static String printable(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
