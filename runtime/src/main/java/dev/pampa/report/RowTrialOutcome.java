package dev.pampa.report;

import java.util.Map;

/**
 * What running a job's processor on one row came to, nothing written (Run on one row, {@code job try}).
 *
 * @param kind    how it ended
 * @param state   the task's state when it was read (docs/design.md §4), null when there is no such task
 * @param columns the result columns the processor staged and a worker would write, each as text (null for NULL)
 * @param error   the processor's exception with its stack trace, when it threw or timed out; else null
 * @param problem why nothing could be tried, or what the trial's process did instead of answering; else null
 * @param millis  how long the processor ran
 */
public record RowTrialOutcome(Kind kind, TaskDetail.State state, Map<String, String> columns, String error, String problem, long millis) {

    public enum Kind {
        /** The processor returned: {@link #columns} are what it would write. */
        DONE,
        /** The processor threw or ran past max_job_duration_minutes. */
        FAILED,
        /** No task has that key, or the job's processor cannot be created. */
        REFUSED,
        /** The trial's process ended without an answer (the processor exited the JVM, crashed it) or ran past the trial's timeout and was killed. */
        CRASHED
    }

    public static RowTrialOutcome refused(TaskDetail.State state, String problem) {
        return new RowTrialOutcome(Kind.REFUSED, state, Map.of(), null, problem, 0);
    }

    public static RowTrialOutcome crashed(String problem) {
        return new RowTrialOutcome(Kind.CRASHED, null, Map.of(), null, problem, 0);
    }

    /** True when the outcome may be written: the processor returned on a task that was pending, staging only columns the table has. */
    public boolean writable() {
        return kind == Kind.DONE && problem == null && (state == TaskDetail.State.PENDING || state == TaskDetail.State.WAITING_RETRY);
    }

    /** Several lines for the operator: what the processor would write, or how it failed. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        switch (kind) {
            case DONE -> {
                b.append("The processor returned in ").append(millis).append(" ms. ");
                if (columns.isEmpty()) {
                    b.append("It staged no result column: writing marks the task done only.");
                } else {
                    b.append("It would write:");
                    columns.forEach((c, v) -> b.append("\n  ").append(c).append(" = ").append(v == null ? "NULL" : v));
                }
                if (problem != null) {
                    b.append("\n\nBut ").append(problem);
                }
            }
            case FAILED -> b.append("The processor failed after ").append(millis).append(" ms:\n").append(error);
            case REFUSED, CRASHED -> b.append(problem);
        }
        if (state != null) {
            b.append("\n\nThe task is ").append(state.text()).append('.');
        }
        return b.toString();
    }
}
