package dev.pampa.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A task's failure as it is written to the task table, the event log and the logs: safe to store
 * (PostgreSQL refuses a NUL byte in text, which would lose the failure) and to print (a terminal
 * obeys escape sequences), and bounded, keeping what explains the failure: the message's head and
 * the top frames of each cause.
 */
public final class ErrorText {
    /** The most a stored error description holds. */
    public static final int MAX_CHARS = 8_000;
    private static final int MAX_MESSAGE = 2_000;
    private static final int FRAMES_PER_THROWABLE = 12;
    private static final int MAX_CAUSES = 5;

    private ErrorText() {
    }

    /** Control characters other than line breaks and tabs replaced by U+FFFD; NUL included. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) && c != '\n' && c != '\t';
            b.append(control ? '\uFFFD' : c);
        }
        return b.toString();
    }

    /** {@link #clean}, then cut to {@code max} characters with a marker saying how much was cut. */
    public static String cleanAndCap(String text, int max) {
        String c = clean(text);
        if (c == null || c.length() <= max) {
            return c;
        }
        String marker = " … [" + (c.length() - max) + " more characters]";
        return c.substring(0, Math.max(0, max - marker.length())) + marker;
    }

    /**
     * The class and message of {@code t} and of each cause, with their top frames: what an operator
     * needs to see why a task failed, within {@link #MAX_CHARS}.
     */
    public static String of(Throwable t) {
        StringBuilder b = new StringBuilder();
        List<Throwable> seen = new ArrayList<>();
        Throwable current = t;
        while (current != null && !seen.contains(current) && seen.size() < MAX_CAUSES) {
            seen.add(current);
            String message = current.getMessage();
            b.append(seen.size() == 1 ? "" : "Caused by: ").append(current.getClass().getName());
            if (message != null) {
                b.append(": ").append(cleanAndCap(message, MAX_MESSAGE));
            }
            b.append('\n');
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, FRAMES_PER_THROWABLE); i++) {
                b.append("\tat ").append(frames[i]).append('\n');
            }
            if (frames.length > FRAMES_PER_THROWABLE) {
                b.append("\t... ").append(frames.length - FRAMES_PER_THROWABLE).append(" more\n");
            }
            current = current.getCause();
        }
        return cleanAndCap(b.toString().stripTrailing(), MAX_CHARS);
    }
}
