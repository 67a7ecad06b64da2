package dev.pampa.model.ddl;

import java.time.Duration;

/**
 * Hears how preparing a live task table goes, step by step, so that {@code job apply} can print it and
 * the cockpit show it while it runs. Called from the thread that runs the DDL, and
 * {@link #indexProgress} from a watcher thread: implementations hand over to their own thread.
 */
public interface DdlListener {
    DdlListener NONE = new DdlListener() {
    };

    default void starting(DdlStep step) {
    }

    /**
     * A try found the table locked by another session for the whole lock timeout and gave way.
     *
     * @param failedAttempt the try that gave way (1-based)
     * @param pause         how long until the next try
     */
    default void retrying(DdlStep step, int failedAttempt, int attempts, Duration pause) {
    }

    /** Where an index build is, read from pg_stat_progress_create_index about every 250 ms. */
    default void indexProgress(DdlStep step, IndexBuildProgress progress, Duration elapsed) {
    }

    default void finished(DdlStep step, Duration took) {
    }
}
