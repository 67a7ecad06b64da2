package dev.pampa.jobcode;

import dev.pampa.api.AllowingFunction;
import dev.pampa.api.OccupiedFunction;
import dev.pampa.api.RelaunchingFunction;
import dev.pampa.api.SelectingFunction;
import dev.pampa.api.TaskProcessor;
import dev.pampa.model.JobSpec;

/** A job's classes, created from the jobs path: the processor and the four optional functions. */
public record JobFunctions(TaskProcessor processor, SelectingFunction selecting, RelaunchingFunction relaunching,
                           OccupiedFunction occupied, AllowingFunction allowing) {

    /** Only the dispatcher's functions: a dispatcher need not be able to load the processor. */
    public static JobFunctions forDispatcher(JobSpec spec, JobsPath path) {
        return new JobFunctions(null,
                spec.selectingFunction() == null ? SelectingFunction.DEFAULT : path.instantiate(spec.selectingFunction(), SelectingFunction.class, "selecting_function"),
                spec.relaunchingFunction() == null ? RelaunchingFunction.DEFAULT : path.instantiate(spec.relaunchingFunction(), RelaunchingFunction.class, "relaunching_function"),
                spec.occupiedFunction() == null ? OccupiedFunction.DEFAULT : path.instantiate(spec.occupiedFunction(), OccupiedFunction.class, "occupied_function"),
                spec.allowingFunction() == null ? AllowingFunction.DEFAULT : path.instantiate(spec.allowingFunction(), AllowingFunction.class, "allowing_function"));
    }

    /** Every class of the job, as {@code job apply} checks them. */
    public static JobFunctions all(JobSpec spec, JobsPath path) {
        JobFunctions d = forDispatcher(spec, path);
        return new JobFunctions(path.instantiate(spec.processor(), TaskProcessor.class, "processor"),
                d.selecting(), d.relaunching(), d.occupied(), d.allowing());
    }
}
