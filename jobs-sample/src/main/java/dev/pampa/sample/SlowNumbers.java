package dev.pampa.sample;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;
import java.time.Duration;

/**
 * The {@code slow_numbers} job: most keys take a few milliseconds, but a key that is a multiple of 40
 * takes 75 seconds, longer than the job's {@code max_job_duration_minutes: 1}. The worker interrupts
 * such a try at the limit and records it as timed out (had the worker frozen, the dispatcher would
 * take the task back and fence out its late finish); the task is retried until its tries are used
 * up. It shows time-outs.
 *
 * <p>It writes how long it slept to {@code slept_ms}. While it sleeps it checks every
 * {@value #CHECK_EVERY_MS} ms whether the worker is stopping: then it gives up the try with an
 * exception instead of holding the worker for the rest of 75 seconds.
 */
public final class SlowNumbers implements TaskProcessor {
    public static final long SLOW_EVERY = 40;
    public static final Duration SLOW_SLEEP = Duration.ofSeconds(75);
    static final long CHECK_EVERY_MS = 100;

    @Override
    public void process(Task task, TaskContext ctx) throws InterruptedException {
        long key = ((Number) task.key()).longValue();
        long planned = sleepMillis(key);
        long started = System.nanoTime();
        long slept = 0;
        while (slept < planned) {
            if (ctx.stopRequested()) {
                throw new IllegalStateException("key " + key + " gave up after " + slept + " of " + planned + " ms: the worker is stopping");
            }
            Thread.sleep(Math.min(CHECK_EVERY_MS, planned - slept));
            slept = (System.nanoTime() - started) / 1_000_000;
        }
        task.set("slept_ms", (int) slept);
    }

    /** True for the keys that take longer than the job's time limit. */
    public static boolean isSlow(long key) {
        return key % SLOW_EVERY == 0;
    }

    /** How long the task for {@code key} sleeps: 75 s for slow keys, else 2 to 6 ms. */
    public static long sleepMillis(long key) {
        return isSlow(key) ? SLOW_SLEEP.toMillis() : 2 + Math.floorMod(key, 5);
    }
}
