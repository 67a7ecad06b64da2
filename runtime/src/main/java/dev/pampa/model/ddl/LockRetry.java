package dev.pampa.model.ddl;

import java.time.Duration;

/**
 * How DDL that needs a lock writers conflict with (ALTER TABLE ADD COLUMN, CREATE TRIGGER) waits for
 * it. Such a statement queues behind every open transaction on the table, and every later statement on
 * the table, the application's INSERTs included, queues behind it: so it waits only a short
 * {@code lock_timeout}, gives way, and tries again after a growing pause, rather than stall the
 * application behind a long transaction.
 *
 * @param lockTimeout  the lock_timeout of one try: the longest a writer can be held up by a try
 * @param attempts     tries in all before giving up
 * @param firstBackoff the pause after the first failed try; each later pause is twice the one before,
 *                     up to {@link #MAX_BACKOFF}
 */
public record LockRetry(Duration lockTimeout, int attempts, Duration firstBackoff) {
    /** 2 s a try, 6 tries, pauses of 1, 2, 4, 8, 15 s: at most about 42 s before giving up. */
    public static final LockRetry DEFAULT = new LockRetry(Duration.ofSeconds(2), 6, Duration.ofSeconds(1));
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

    public LockRetry {
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("lock timeout must be positive (0 would wait without limit), got " + lockTimeout);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("lock attempts must be at least 1, got " + attempts);
        }
        if (firstBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative, got " + firstBackoff);
        }
    }

    /** The pause after failed try {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        Duration d = firstBackoff;
        for (int i = 1; i < attempt && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** {@code 2 s} or {@code 300 ms}, as messages write a lock timeout. */
    public static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms < 1000 ? ms + " ms" : String.format(java.util.Locale.US, "%.1f s", ms / 1000.0);
    }
}
