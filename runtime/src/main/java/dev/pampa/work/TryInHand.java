package dev.pampa.work;

import java.util.concurrent.TimeoutException;

/**
 * The try a served worker's processor runs now, as the worker's watchdog and a revoke see it: when it
 * began, whether it was interrupted and why, and whether the watchdog answered for it because its
 * processor would not stop. Guarded by the worker's lock for the try in hand.
 */
final class TryInHand {
    private final String job;
    private final Object key;
    private final int tryNumber;
    private final long startedNanos;
    private final long limitMillis;
    private boolean interrupted;
    private long interruptedAtNanos;
    private boolean timedOut;
    private String abandonedBecause;
    private boolean takenOver;

    TryInHand(String job, Object key, int tryNumber, long startedNanos, long limitMillis) {
        this.job = job;
        this.key = key;
        this.tryNumber = tryNumber;
        this.startedNanos = startedNanos;
        this.limitMillis = limitMillis;
    }

    String job() {
        return job;
    }

    Object key() {
        return key;
    }

    int tryNumber() {
        return tryNumber;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Past max_job_duration_minutes and not interrupted yet. */
    boolean overdue(long now) {
        return !interrupted && now - startedNanos > limitMillis * 1_000_000L;
    }

    /**
     * Records an interruption, for a timeout or for a revoke (its reason); true if this is the first,
     * when the caller interrupts the thread.
     */
    boolean interrupt(String revokeReason, boolean timeout, long now) {
        if (revokeReason != null && abandonedBecause == null) {
            abandonedBecause = revokeReason;
        }
        timedOut |= timeout;
        if (interrupted) {
            return false;
        }
        interrupted = true;
        interruptedAtNanos = now;
        return true;
    }

    /** Interrupted longer ago than {@code waitMillis} and still running. */
    boolean stuck(long now, long waitMillis) {
        return interrupted && !takenOver && now - interruptedAtNanos > waitMillis * 1_000_000L;
    }

    void takeOver() {
        takenOver = true;
    }

    boolean takenOver() {
        return takenOver;
    }

    boolean timedOut() {
        return timedOut;
    }

    String abandonedBecause() {
        return abandonedBecause;
    }

    /** The failure a timed-out try is recorded with. */
    TimeoutException timeout(boolean ignored) {
        return ProcessorRunner.timeout(limitMillis, ignored);
    }

    @Override
    public String toString() {
        return "task " + key + " of " + job + " (try " + tryNumber + ")";
    }
}
