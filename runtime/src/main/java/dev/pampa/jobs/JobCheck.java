package dev.pampa.jobs;

import dev.pampa.model.JobSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A job checked against the live database and the jobs path, nothing changed yet.
 *
 * @param table          how it fits its table, and the DDL offer
 * @param classProblems  the classes it names that the jobs path cannot give
 * @param alreadyStored  true when storing it replaces a job of the same name
 */
public record JobCheck(JobSpec spec, TableFit table, List<JobProblem> classProblems, boolean alreadyStored) {

    public JobCheck {
        classProblems = List.copyOf(classProblems);
    }

    /**
     * Every problem that refuses the job, the table's first, then the classes'.
     *
     * @param createColumns true when the DDL offer runs with the save: missing tracking columns are added then, not refused
     */
    public List<JobProblem> refusals(boolean createColumns) {
        List<JobProblem> out = new ArrayList<>(table.refusals(createColumns));
        out.addAll(classProblems);
        return out;
    }
}
