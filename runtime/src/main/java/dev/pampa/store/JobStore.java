package dev.pampa.store;

import dev.pampa.model.FieldMap;
import dev.pampa.model.JobSpec;
import dev.pampa.store.schema.tables.records.JobRecord;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import static dev.pampa.store.schema.Tables.JOB;

/** The jobs stored in {@code pampa.job}. */
public final class JobStore {
    private final DSLContext dsl;

    public JobStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stores the job, replacing one of the same name; keeps its paused flag. Returns true if it was new. */
    public boolean save(JobSpec s) {
        return save(s, false);
    }

    /**
     * As {@link #save(JobSpec)}, a new job stored paused when {@code pausedIfNew}: it runs nothing
     * until resumed. A job stored before keeps its paused flag either way.
     */
    public boolean save(JobSpec s, boolean pausedIfNew) {
        JobRecord r = dsl.newRecord(JOB);
        if (pausedIfNew) {
            r.setPaused(true);
        }
        FieldMap f = s.fields();
        r.setName(s.name());
        r.setTableName(s.table());
        r.setFieldPrimaryKey(f.primaryKey());
        r.setFieldId(f.id());
        r.setFieldTime(f.time());
        r.setFieldTimes(f.times());
        r.setFieldStartTime(f.startTime());
        r.setFieldEndTime(f.endTime());
        r.setFieldSuccess(f.success());
        r.setFieldErrorDescription(f.errorDescription());
        r.setQueueSize(s.queueSize());
        r.setMaxJobDurationMinutes(s.maxJobDurationMinutes());
        r.setMaxTryTimes(s.maxTryTimes());
        r.setRetryDelaySeconds(s.retryDelaySeconds());
        r.setProcessor(s.processor());
        r.setSelectingFunction(s.selectingFunction());
        r.setRelaunchingFunction(s.relaunchingFunction());
        r.setOccupiedFunction(s.occupiedFunction());
        r.setAllowingFunction(s.allowingFunction());
        r.setMaxPendingTasks(s.maxPendingTasks());
        r.setMaxAssignedWorkers(s.maxAssignedWorkers());
        r.setFilterWorkerId(s.filterWorkerId());
        r.setFieldScheduledTime(f.scheduledTime());
        r.setSchedule(s.schedule());
        r.setScheduleTimeZone(s.scheduleTimeZone());
        r.setReportingFunction(s.reportingFunction());
        JobRecord before = dsl.selectFrom(JOB).where(JOB.NAME.eq(s.name())).fetchOne();
        boolean existed = before != null;
        JobRecord update = r.copy();
        update.changed(JOB.PAUSED, false);
        update.changed(JOB.CREATED_AT, false);
        // the next firing stays while the schedule does: re-applying a job neither repeats nor skips one
        boolean sameSchedule = before != null && java.util.Objects.equals(before.getSchedule(), s.schedule())
                && java.util.Objects.equals(before.getScheduleTimeZone(), s.scheduleTimeZone());
        update.setNextFiringAt(null);
        update.changed(JOB.NEXT_FIRING_AT, !sameSchedule);
        dsl.insertInto(JOB).set(r)
                .onConflict(JOB.NAME).doUpdate().set(update).set(JOB.UPDATED_AT, DSL.currentOffsetDateTime())
                .execute();
        return !existed;
    }

    public Optional<StoredJob> find(String name) {
        return dsl.selectFrom(JOB).where(JOB.NAME.eq(name)).fetchOptional().map(JobStore::toStored);
    }

    public List<StoredJob> all() {
        return dsl.selectFrom(JOB).orderBy(JOB.NAME).fetch(JobStore::toStored);
    }

    /** Sets the paused flag; returns false when there is no such job. */
    public boolean setPaused(String name, boolean paused) {
        return dsl.update(JOB).set(JOB.PAUSED, paused).set(JOB.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(JOB.NAME.eq(name)).execute() == 1;
    }

    static StoredJob toStored(JobRecord r) {
        FieldMap f = new FieldMap(r.getFieldPrimaryKey(), r.getFieldId(), r.getFieldTime(), r.getFieldTimes(),
                r.getFieldStartTime(), r.getFieldEndTime(), r.getFieldSuccess(), r.getFieldErrorDescription(), r.getFieldScheduledTime());
        JobSpec spec = new JobSpec(r.getName(), r.getTableName(), f, r.getQueueSize(), r.getMaxJobDurationMinutes(),
                r.getMaxTryTimes(), r.getRetryDelaySeconds(), r.getProcessor(), r.getSelectingFunction(),
                r.getRelaunchingFunction(), r.getOccupiedFunction(), r.getAllowingFunction(), r.getMaxPendingTasks(),
                r.getMaxAssignedWorkers(), r.getFilterWorkerId(), r.getSchedule(), r.getScheduleTimeZone(), r.getReportingFunction());
        return new StoredJob(spec, Boolean.TRUE.equals(r.getPaused()), r.getUpdatedAt(), r.getNextFiringAt());
    }

    /** The database's time now, for computing a schedule's next firing on the one clock every timestamp uses. */
    public java.time.OffsetDateTime databaseNow() {
        return dsl.select(DbClock.now()).fetchOne().value1();
    }

    /** The job's next firing as stored now, read in the caller's transaction and locked until it ends. */
    public java.util.Optional<java.time.OffsetDateTime> lockFiring(String name) {
        return dsl.select(JOB.NEXT_FIRING_AT).from(JOB).where(JOB.NAME.eq(name)).forUpdate().fetchOptional(r -> r.value1());
    }

    /**
     * Moves a job's next firing from {@code expected} (null: none computed yet) to {@code next}; false
     * when another dispatcher or a job apply changed it meanwhile, and then nothing is changed.
     */
    public boolean moveFiring(String name, java.time.OffsetDateTime expected, java.time.OffsetDateTime next) {
        return dsl.update(JOB).set(JOB.NEXT_FIRING_AT, next)
                .where(JOB.NAME.eq(name).and(expected == null ? JOB.NEXT_FIRING_AT.isNull() : JOB.NEXT_FIRING_AT.eq(expected)))
                .execute() == 1;
    }

    /**
     * A job as stored: its spec, whether it is paused, when it last changed, and its next firing (null
     * without a schedule, or before the dispatcher computed one).
     */
    public record StoredJob(JobSpec spec, boolean paused, java.time.OffsetDateTime updatedAt, java.time.OffsetDateTime nextFiringAt) {
        public StoredJob(JobSpec spec, boolean paused, java.time.OffsetDateTime updatedAt) {
            this(spec, paused, updatedAt, null);
        }

        public String name() {
            return spec.name();
        }
    }
}
