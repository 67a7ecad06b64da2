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
        JobRecord r = dsl.newRecord(JOB);
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
        boolean existed = dsl.fetchExists(JOB, JOB.NAME.eq(s.name()));
        JobRecord update = r.copy();
        update.changed(JOB.PAUSED, false);
        update.changed(JOB.CREATED_AT, false);
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
                r.getFieldStartTime(), r.getFieldEndTime(), r.getFieldSuccess(), r.getFieldErrorDescription());
        JobSpec spec = new JobSpec(r.getName(), r.getTableName(), f, r.getQueueSize(), r.getMaxJobDurationMinutes(),
                r.getMaxTryTimes(), r.getRetryDelaySeconds(), r.getProcessor(), r.getSelectingFunction(),
                r.getRelaunchingFunction(), r.getOccupiedFunction(), r.getAllowingFunction(), r.getMaxPendingTasks(),
                r.getMaxAssignedWorkers(), r.getFilterWorkerId());
        return new StoredJob(spec, Boolean.TRUE.equals(r.getPaused()), r.getUpdatedAt());
    }

    /** A job as stored: its spec, whether it is paused, and when it last changed. */
    public record StoredJob(JobSpec spec, boolean paused, java.time.OffsetDateTime updatedAt) {
        public String name() {
            return spec.name();
        }
    }
}
