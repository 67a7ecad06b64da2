package dev.pampa.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Tasks finished per second over a recent window, and the time left at that pace. A window, not the
 * average since the start, so that the figure follows workers being added or slowing down.
 */
public final class Throughput {
    private record Sample(Instant at, long finished) {
    }

    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public Throughput(Duration window) {
        this.window = window;
    }

    /** Records how many tasks were finished (done or dead) in all at {@code at}. */
    public void record(Instant at, long finished) {
        samples.addLast(new Sample(at, finished));
        while (samples.size() > 2 && Duration.between(samples.peekFirst().at(), at).compareTo(window) > 0) {
            samples.removeFirst();
        }
    }

    /** Tasks per second over the window; 0 until two samples are apart in time. */
    public double perSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        double seconds = Duration.between(first.at(), last.at()).toMillis() / 1000.0;
        return seconds <= 0 ? 0 : Math.max(0, last.finished() - first.finished()) / seconds;
    }

    /** The time to finish {@code remaining} tasks at the current pace; empty while nothing moves. */
    public Optional<Duration> eta(long remaining) {
        if (remaining <= 0) {
            return Optional.of(Duration.ZERO);
        }
        double rate = perSecond();
        return rate <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) Math.ceil(remaining / rate * 1000)));
    }
}
