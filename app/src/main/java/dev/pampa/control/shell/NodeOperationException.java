package dev.pampa.control.shell;

/** An operation on a node that could not go on; {@link #problem()} says the step, the cause and the fix. */
public class NodeOperationException extends Exception {

    private final NodeProblem problem;

    public NodeOperationException(NodeProblem problem, Throwable cause) {
        super(problem.toString(), cause);
        this.problem = problem;
    }

    public NodeOperationException(NodeProblem problem) {
        this(problem, null);
    }

    public NodeProblem problem() {
        return problem;
    }
}
