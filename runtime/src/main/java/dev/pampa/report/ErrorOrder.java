package dev.pampa.report;

/** How a job's error groups are ordered. */
public enum ErrorOrder {
    /** Most tasks first. */
    MOST_TASKS,
    /** The latest failure first. */
    LATEST
}
