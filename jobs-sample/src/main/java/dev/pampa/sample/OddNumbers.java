package dev.pampa.sample;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/**
 * The Ruby Pampa's example job, {@code search_odd_numbers}: tells for each row of the {@code numbers}
 * table whether its {@code value} is odd, in {@code is_odd}.
 */
public final class OddNumbers implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) {
        long value = task.getLong("value");
        task.set("is_odd", isOdd(value));
    }

    /** {@code value % 2 != 0}, which also holds for negative odd numbers (their remainder is -1). */
    public static boolean isOdd(long value) {
        return value % 2 != 0;
    }
}
