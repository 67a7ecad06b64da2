package dev.pampa.agent;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** What an agent did, for benchmarks and tests: cycles and their durations, tasks sent, outcomes written. */
public final class AgentStats {
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong tasksSent = new AtomicLong();
    private final AtomicLong outcomes = new AtomicLong();
    private final long[] recentCycleNanos = new long[1024];

    synchronized void cycle(long nanos, int writes) {
        recentCycleNanos[(int) (cycles.getAndIncrement() % recentCycleNanos.length)] = nanos;
    }

    void sent(int n) {
        tasksSent.addAndGet(n);
    }

    void outcomes(int n) {
        outcomes.addAndGet(n);
    }

    public long cycles() {
        return cycles.get();
    }

    public long tasksSent() {
        return tasksSent.get();
    }

    public long outcomes() {
        return outcomes.get();
    }

    /** The p-th percentile of the last 1,024 cycles' durations, in milliseconds. */
    public synchronized double cyclePercentileMillis(int p) {
        int n = (int) Math.min(cycles.get(), recentCycleNanos.length);
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(recentCycleNanos, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)] / 1e6;
    }
}
