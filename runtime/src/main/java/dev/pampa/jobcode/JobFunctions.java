package dev.pampa.jobcode;

import dev.pampa.api.AllowingFunction;
import dev.pampa.api.DatabaseAllowingFunction;
import dev.pampa.api.OccupiedFunction;
import dev.pampa.api.RelaunchingFunction;
import dev.pampa.api.ReportingFunction;
import dev.pampa.api.SelectingFunction;
import dev.pampa.api.TaskProcessor;
import dev.pampa.model.JobSpec;
import dev.pampa.store.ReadOnlyAccess;
import dev.pampa.store.TaskTable;

/**
 * A job's classes, created from the jobs path: the processor and the five optional functions.
 *
 * @param reporting the reporting function, null when the job has none
 */
public record JobFunctions(TaskProcessor processor, SelectingFunction selecting, RelaunchingFunction relaunching,
                           OccupiedFunction occupied, AllowingFunction allowing, ReportingFunction reporting) {

    public JobFunctions(TaskProcessor processor, SelectingFunction selecting, RelaunchingFunction relaunching,
                        OccupiedFunction occupied, AllowingFunction allowing) {
        this(processor, selecting, relaunching, occupied, allowing, null);
    }

    /**
     * Only the dispatcher's functions: a dispatcher need not be able to load the processor. An allowing
     * function that reads the database ({@link DatabaseAllowingFunction}) gets it through {@code access}:
     * read-only, time-bounded, "not allowed" when it fails; without access it allows nothing.
     */
    public static JobFunctions forDispatcher(JobSpec spec, JobsPath path, ReadOnlyAccess access) {
        AllowingFunction allowing = spec.allowingFunction() == null ? AllowingFunction.DEFAULT
                : path.instantiate(spec.allowingFunction(), AllowingFunction.class, "allowing_function");
        if (allowing instanceof DatabaseAllowingFunction reading && access != null) {
            allowing = new ReadingAllowing(spec.name(), new TaskTable(spec), reading, access);
        }
        return new JobFunctions(null,
                spec.selectingFunction() == null ? SelectingFunction.DEFAULT : path.instantiate(spec.selectingFunction(), SelectingFunction.class, "selecting_function"),
                spec.relaunchingFunction() == null ? RelaunchingFunction.DEFAULT : path.instantiate(spec.relaunchingFunction(), RelaunchingFunction.class, "relaunching_function"),
                spec.occupiedFunction() == null ? OccupiedFunction.DEFAULT : path.instantiate(spec.occupiedFunction(), OccupiedFunction.class, "occupied_function"),
                allowing,
                spec.reportingFunction() == null ? null : path.instantiate(spec.reportingFunction(), ReportingFunction.class, "reporting_function"));
    }

    /** The dispatcher's functions without database access (an allowing function that needs it allows nothing). */
    public static JobFunctions forDispatcher(JobSpec spec, JobsPath path) {
        return forDispatcher(spec, path, null);
    }

    /** Every class of the job, as {@code job apply} checks them. */
    public static JobFunctions all(JobSpec spec, JobsPath path) {
        JobFunctions d = forDispatcher(spec, path);
        return new JobFunctions(path.instantiate(spec.processor(), TaskProcessor.class, "processor"),
                d.selecting(), d.relaunching(), d.occupied(), d.allowing(), d.reporting());
    }
}
