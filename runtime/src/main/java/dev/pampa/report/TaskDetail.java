package dev.pampa.report;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One task as the operator looks it up, in any state: where it stands, its tries and times, the worker
 * that holds or last held it, its last error and the row's own values (as text, long ones cut).
 */
public record TaskDetail(String key, State state, int tries, String worker, OffsetDateTime reservedAt, OffsetDateTime startedAt,
                         OffsetDateTime endedAt, String error, Map<String, String> values) {
    /** Where a task stands (docs/design.md §4). */
    public enum State {
        PENDING("pending"),
        WAITING_RETRY("failed, waiting for another try"),
        QUEUED("queued on a worker"),
        RUNNING("running"),
        DONE("done"),
        DEAD("dead"),
        CANCELLED("cancelled");

        private final String text;

        State(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
