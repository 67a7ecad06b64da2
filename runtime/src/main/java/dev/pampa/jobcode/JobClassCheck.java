package dev.pampa.jobcode;

import dev.pampa.api.AllowingFunction;
import dev.pampa.api.OccupiedFunction;
import dev.pampa.api.RelaunchingFunction;
import dev.pampa.api.SelectingFunction;
import dev.pampa.api.TaskProcessor;
import dev.pampa.model.JobSpec;
import dev.pampa.model.SpecProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether each class a job names can be created from the jobs path and implements its interface.
 * Unlike {@link JobFunctions#all}, which stops at the first class that fails, this reports them all.
 */
public final class JobClassCheck {
    private JobClassCheck() {
    }

    public static List<SpecProblem> problems(JobSpec spec, JobsPath path) {
        List<SpecProblem> out = new ArrayList<>();
        check(out, path, "processor", spec.processor(), TaskProcessor.class);
        check(out, path, "selecting_function", spec.selectingFunction(), SelectingFunction.class);
        check(out, path, "relaunching_function", spec.relaunchingFunction(), RelaunchingFunction.class);
        check(out, path, "occupied_function", spec.occupiedFunction(), OccupiedFunction.class);
        check(out, path, "allowing_function", spec.allowingFunction(), AllowingFunction.class);
        check(out, path, "reporting_function", spec.reportingFunction(), dev.pampa.api.ReportingFunction.class);
        return out;
    }

    private static void check(List<SpecProblem> out, JobsPath path, String parameter, String className, Class<?> type) {
        if (className == null) {
            return;
        }
        try {
            path.instantiate(className, type, parameter);
        } catch (JobsPath.JobClassException e) {
            out.add(new SpecProblem(e.parameter(), e.found(), e.fix()));
        }
    }
}
