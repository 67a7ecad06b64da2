package dev.pampa.store.monitor;

import dev.pampa.model.JobSpec;
import dev.pampa.report.JobOverview;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/** The jobs list: every stored job with its counts, or the problem that kept them from being read. */
public final class JobOverviews {
    private final DSLContext dsl;

    public JobOverviews(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Every stored job with its counts. A fresh snapshot of the dispatcher stands for the counts when
     * there is one (see {@link JobDashboard#FRESH_SNAPSHOT}), so that the list does not scan the tables
     * the dispatcher is already counting.
     */
    public List<JobOverview> readAll() {
        StatsSeries stats = new StatsSeries(dsl);
        List<JobOverview> out = new ArrayList<>();
        for (JobStore.StoredJob job : new JobStore(dsl).all()) {
            Optional<StatsSeries.Latest> latest = stats.latest(job.name());
            if (latest.isPresent() && latest.get().ageSeconds() <= JobDashboard.FRESH_SNAPSHOT.toSeconds()) {
                out.add(new JobOverview(job.spec(), job.paused(), latest.get().progress(), false, null, job.nextFiringAt()));
                continue;
            }
            try {
                out.add(new JobOverview(job.spec(), job.paused(), new TaskTable(job.spec()).progress(dsl), true, null, job.nextFiringAt()));
            } catch (DataAccessException e) {
                out.add(new JobOverview(job.spec(), job.paused(), null, true, countProblem(job.spec(), e), job.nextFiringAt()));
            }
        }
        return out;
    }

    private static String countProblem(JobSpec spec, DataAccessException e) {
        String state = e.sqlState();
        if ("42P01".equals(state)) {
            return "table " + spec.table() + " does not exist — create it, or edit the job to name its table";
        }
        if ("42703".equals(state)) {
            return "a field column is missing from table " + spec.table() + " — open the job to check its field map";
        }
        String first = e.getCause() == null || e.getCause().getMessage() == null ? e.getMessage() : e.getCause().getMessage();
        return "cannot count the tasks of table " + spec.table() + ": " + first.lines().findFirst().orElse("")
                + " — check the table and the job's field map";
    }
}
