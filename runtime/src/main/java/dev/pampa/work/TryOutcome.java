package dev.pampa.work;

import java.util.Map;

/** How one try ended, waiting to be written at the worker's next commit. */
record TryOutcome(JobRuntime job, Object key, int tryNumber, Kind kind, Map<String, Object> staged, String error) {
    enum Kind {
        /** Processed: mark done with the staged columns. */
        DONE,
        /** Threw or timed out: back to pending while tries remain, else dead. */
        FAILED,
        /** Started in a batch but never run because the worker is stopping: give it back, try uncounted. */
        HANDED_BACK
    }

    String describe() {
        return switch (kind) {
            case DONE -> "done";
            case FAILED -> "failure";
            case HANDED_BACK -> "hand-back";
        };
    }
}
