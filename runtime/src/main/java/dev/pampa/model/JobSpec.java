package dev.pampa.model;

import java.util.Objects;

/**
 * A job as the operator defines it: the task table, its field map, limits, and the classes that
 * process and steer it. Defaults are those of docs/design.md §5; optional functions are null when unset.
 *
 * @param schedule         a Quartz cron expression: at each firing the job's done tasks are relaunched; null for none
 * @param scheduleTimeZone the zone the schedule is read in; null for UTC
 */
public record JobSpec(
        String name,
        String table,
        FieldMap fields,
        int queueSize,
        int maxJobDurationMinutes,
        int maxTryTimes,
        int retryDelaySeconds,
        String processor,
        String selectingFunction,
        String relaunchingFunction,
        String occupiedFunction,
        String allowingFunction,
        Integer maxPendingTasks,
        Integer maxAssignedWorkers,
        String filterWorkerId,
        String schedule,
        String scheduleTimeZone,
        String reportingFunction) {

    public static final int DEFAULT_QUEUE_SIZE = 5;
    public static final int DEFAULT_MAX_JOB_DURATION_MINUTES = 15;
    public static final int DEFAULT_MAX_TRY_TIMES = 3;
    public static final int DEFAULT_RETRY_DELAY_SECONDS = 0;

    /** A job without a schedule or a reporting function. */
    public JobSpec(String name, String table, FieldMap fields, int queueSize, int maxJobDurationMinutes, int maxTryTimes,
                   int retryDelaySeconds, String processor, String selectingFunction, String relaunchingFunction,
                   String occupiedFunction, String allowingFunction, Integer maxPendingTasks, Integer maxAssignedWorkers,
                   String filterWorkerId) {
        this(name, table, fields, queueSize, maxJobDurationMinutes, maxTryTimes, retryDelaySeconds, processor, selectingFunction,
                relaunchingFunction, occupiedFunction, allowingFunction, maxPendingTasks, maxAssignedWorkers, filterWorkerId,
                null, null, null);
    }

    public JobSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(processor, "processor");
    }

    /** The job's recurring schedule, or null when it has none. */
    public Schedule recurring() {
        return schedule == null ? null : Schedule.parse(schedule, scheduleTimeZone);
    }

    /** True when the job scales the number of workers it uses (max_assigned_workers is set). */
    public boolean elastic() {
        return maxAssignedWorkers != null;
    }
}
