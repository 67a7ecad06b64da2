package dev.pampa.sample;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/**
 * The {@code flaky_numbers} job: fails on purpose, by a rule on the key alone, so that retries and
 * dead tasks can be watched and counted.
 *
 * <ul>
 *   <li>a key that is a multiple of 50 fails every try: with {@code max_try_times: 3} it ends dead
 *       after its third try ({@link #alwaysFails});</li>
 *   <li>any other key that is a multiple of 7 fails its first try and succeeds on its second
 *       ({@link #failsFirstTry});</li>
 *   <li>every other key succeeds on its first try.</li>
 * </ul>
 *
 * <p>On success it writes the try it succeeded on to {@code checked_on_try}. Over keys 1..10,000 that
 * gives 200 dead, 1,400 done on try 2 and 8,400 done on try 1.
 */
public final class FlakyNumbers implements TaskProcessor {
    public static final long ALWAYS_FAILS_EVERY = 50;
    public static final long FAILS_FIRST_TRY_EVERY = 7;

    @Override
    public void process(Task task, TaskContext ctx) {
        long key = ((Number) task.key()).longValue();
        if (alwaysFails(key)) {
            throw new IllegalStateException("simulated failure: key " + key + " always fails (multiple of " + ALWAYS_FAILS_EVERY + "), try " + task.tryNumber());
        }
        if (failsFirstTry(key) && task.tryNumber() == 1) {
            throw new IllegalStateException("simulated failure: key " + key + " fails its first try (multiple of " + FAILS_FIRST_TRY_EVERY + ")");
        }
        task.set("checked_on_try", task.tryNumber());
    }

    /** True for keys that fail every try and end dead. */
    public static boolean alwaysFails(long key) {
        return key % ALWAYS_FAILS_EVERY == 0;
    }

    /** True for keys that fail their first try only (keys that always fail are not counted here). */
    public static boolean failsFirstTry(long key) {
        return !alwaysFails(key) && key % FAILS_FIRST_TRY_EVERY == 0;
    }
}
