package dev.pampa.control.shell;

/**
 * What an operation on one node of many came to: its value, or the problem that stopped it there.
 * Exactly one of {@code value} and {@code problem} is set (a null value is allowed for operations that
 * return nothing).
 */
public record NodeResult<T>(String node, T value, NodeProblem problem) {

    public static <T> NodeResult<T> ok(String node, T value) {
        return new NodeResult<>(node, value, null);
    }

    public static <T> NodeResult<T> failed(String node, NodeProblem problem) {
        return new NodeResult<>(node, null, problem);
    }

    public boolean ok() {
        return problem == null;
    }
}
