package dev.pampa.jobs;

import dev.pampa.model.InvalidSpecException;
import java.util.List;

/** A job that was not stored (or whose table was not prepared), with every problem that refused it. */
public final class JobRefusedException extends InvalidSpecException {
    private final transient List<JobProblem> reasons;

    public JobRefusedException(String what, List<JobProblem> reasons) {
        super(what, reasons.stream().map(JobProblem::asSpecProblem).toList());
        this.reasons = List.copyOf(reasons);
    }

    /** The problems, typed. */
    public List<JobProblem> reasons() {
        return reasons;
    }
}
