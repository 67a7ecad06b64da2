package dev.pampa.testkit;

/**
 * How the tasks of a job run to its end ended: done (the processor returned and the staged columns were
 * written) or dead (every try failed or timed out; the task keeps its last error).
 */
public record JobOutcome(long done, long dead) {
}
