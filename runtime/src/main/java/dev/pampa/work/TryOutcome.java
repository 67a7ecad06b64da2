package dev.pampa.work;

import java.util.Map;

/** How one try ended, waiting to be written at the worker's next commit. */
record TryOutcome(JobRuntime job, Object key, int tryNumber, Kind kind, Map<String, Object> staged, String error, boolean timedOut) {
    static TryOutcome done(JobRuntime job, Object key, int tryNumber, Map<String, Object> staged) {
        return new TryOutcome(job, key, tryNumber, Kind.DONE, staged, null, false);
    }

    static TryOutcome failed(JobRuntime job, Object key, int tryNumber, String error, boolean timedOut) {
        return new TryOutcome(job, key, tryNumber, Kind.FAILED, Map.of(), error, timedOut);
    }

    static TryOutcome handedBack(JobRuntime job, Object key, int tryNumber) {
        return new TryOutcome(job, key, tryNumber, Kind.HANDED_BACK, Map.of(), null, false);
    }

    /** A failure on the last try allowed: the task ends dead. */
    boolean givesUp() {
        return kind == Kind.FAILED && tryNumber >= job.stored.spec().maxTryTimes();
    }

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
