package dev.pampa.control.node;

import java.util.regex.Pattern;

/**
 * A process Pampa starts on a node: a worker {@code NODE.N} or the dispatcher. The name becomes a
 * file name (log, pid file) and an argument, so anything outside letters, digits, '-' and '_' is
 * refused before a command is built.
 */
public record ProcessName(String value, boolean dispatcher) {

    private static final Pattern WORKER = Pattern.compile("[A-Za-z0-9_-]+\\.[1-9][0-9]{0,3}");
    public static final ProcessName DISPATCHER = new ProcessName("dispatcher", true);

    public static ProcessName worker(String name) {
        if (name == null || !WORKER.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a worker name: write NODE.N, where NODE has only letters, "
                    + "digits, '-' and '_', and N is a number from 1");
        }
        return new ProcessName(name, false);
    }

    @Override
    public String toString() {
        return value;
    }
}
