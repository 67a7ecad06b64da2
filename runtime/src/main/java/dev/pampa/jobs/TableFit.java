package dev.pampa.jobs;

import dev.pampa.model.ddl.DdlStep;
import java.time.Duration;
import java.util.List;

/**
 * How a job fits its table.
 *
 * @param usable          false when there is no table under that name, or it is not a table: nothing
 *                        can be added to it then
 * @param problems        every misfit, the missing tracking columns included
 * @param missingIndexes  the dispatcher's indexes the table lacks
 * @param missingTriggers the wake-up trigger, when the table lacks it
 * @param ddl             the DDL offer: the statements {@code job apply --create-columns} and the job
 *                        editor's <i>Add columns and indexes…</i> run to add the missing tracking
 *                        columns, indexes and trigger; empty when nothing is missing
 * @param steps           the same DDL as steps, each with the lock it takes and how long it is expected
 *                        to, in the order they run
 */
public record TableFit(String table, boolean usable, List<JobProblem> problems, List<String> missingIndexes,
                       List<String> missingTriggers, List<String> ddl, List<DdlStep> steps) {

    public TableFit {
        problems = List.copyOf(problems);
        missingIndexes = List.copyOf(missingIndexes);
        missingTriggers = List.copyOf(missingTriggers);
        ddl = List.copyOf(ddl);
        steps = List.copyOf(steps);
    }

    /** The expected time of the whole DDL offer, the index builds' estimates summed (lock waits left out). */
    public Duration expectedDuration() {
        return steps.stream().map(DdlStep::expected).reduce(Duration.ZERO, Duration::plus);
    }

    static TableFit unusable(String table, JobProblem why) {
        return new TableFit(table, false, List.of(why), List.of(), List.of(), List.of(), List.of());
    }

    /** The tracking columns the table lacks, which the DDL offer adds. */
    public List<JobProblem.MissingColumn> missingColumns() {
        return problems.stream().filter(p -> p instanceof JobProblem.MissingColumn).map(p -> (JobProblem.MissingColumn) p).toList();
    }

    /** The misfits the DDL offer does not cure: all but the missing tracking columns. */
    public List<JobProblem> problemsAfterSetup() {
        return problems.stream().filter(p -> !(p instanceof JobProblem.MissingColumn)).toList();
    }

    /** The problems that refuse the job: with {@code createColumns}, the missing tracking columns are added instead. */
    public List<JobProblem> refusals(boolean createColumns) {
        return createColumns ? problemsAfterSetup() : problems;
    }
}
