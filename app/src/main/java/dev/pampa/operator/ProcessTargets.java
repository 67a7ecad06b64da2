package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.node.ProcessControl;
import dev.pampa.control.node.ProcessName;
import dev.pampa.model.NodeSpec;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads NODE or NODE.N, and grace periods like 30s. */
final class ProcessTargets {
    private static final Pattern GRACE = Pattern.compile("(\\d+)(ms|s|m)?");

    private ProcessTargets() {
    }

    /** A node, and one worker number on it or null for every worker 1..max_workers. */
    record WorkerTarget(String node, Integer number) {
        static WorkerTarget parse(String text) {
            int dot = text.lastIndexOf('.');
            if (dot < 0) {
                return new WorkerTarget(text, null);
            }
            String n = text.substring(dot + 1);
            if (!n.matches("[1-9][0-9]{0,3}")) {
                throw new CliFailure(ExitCode.USAGE, "\"" + text + "\" is not NODE or NODE.N — write the worker number N from 1, e.g. n01.2");
            }
            return new WorkerTarget(text.substring(0, dot), Integer.parseInt(n));
        }

        /** The worker named, checked against the node's max_workers; null when the target is every worker of the node. */
        String worker(NodeSpec node) {
            if (number != null) {
                if (number > node.maxWorkers()) {
                    throw new CliFailure(ExitCode.USAGE, "node " + node.name() + " has at most " + node.maxWorkers() + " worker"
                            + (node.maxWorkers() == 1 ? "" : "s") + ", so there is no worker " + node.name() + "." + number
                            + " — raise max_workers with pampa node add, or give a number up to " + node.maxWorkers());
                }
                return ProcessName.worker(node, number).value();
            }
            return null;
        }
    }

    static Duration grace(String text) {
        Matcher m = GRACE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CliFailure(ExitCode.USAGE, "--grace " + text + " is not a duration — write e.g. 30s, 2m or 500ms");
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(value);
            case "m" -> Duration.ofMinutes(value);
            default -> Duration.ofSeconds(value);
        };
    }

    static String defaultGrace() {
        return ProcessControl.DEFAULT_GRACE.toSeconds() + "s";
    }
}
