package dev.pampa.control.node;

import dev.pampa.model.NodeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A process Pampa starts on a node: a worker {@code NODE.N}, the node's agent (which serves its
 * workers) or the dispatcher. The name becomes a file name (log, pid file) and an argument, so
 * anything outside letters, digits, '-' and '_' is refused before a command is built.
 */
public record ProcessName(String value, Kind kind) {

    /** Only workers run a job's code, so only they are held to a node's max_ram and max_cpu. */
    public enum Kind { WORKER, AGENT, DISPATCHER }

    private static final Pattern WORKER = Pattern.compile("[A-Za-z0-9_-]+\\.[1-9][0-9]{0,3}");
    public static final ProcessName DISPATCHER = new ProcessName("dispatcher", Kind.DISPATCHER);
    public static final ProcessName AGENT = new ProcessName("agent", Kind.AGENT);

    public boolean dispatcher() {
        return kind == Kind.DISPATCHER;
    }

    public boolean worker() {
        return kind == Kind.WORKER;
    }

    public static ProcessName worker(String name) {
        if (name == null || !WORKER.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a worker name: write NODE.N, where NODE has only letters, "
                    + "digits, '-' and '_', and N is a number from 1");
        }
        return new ProcessName(name, Kind.WORKER);
    }

    /** Worker {@code number} of the node: NODE.N, the one way worker names are made. */
    public static ProcessName worker(String node, int number) {
        return worker(node + "." + number);
    }

    public static ProcessName worker(NodeSpec node, int number) {
        return worker(node.name(), number);
    }

    /** The node's workers 1..max_workers, by name. */
    public static List<String> workerNames(NodeSpec node) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= node.maxWorkers(); i++) {
            names.add(worker(node, i).value());
        }
        return names;
    }

    @Override
    public String toString() {
        return value;
    }
}
