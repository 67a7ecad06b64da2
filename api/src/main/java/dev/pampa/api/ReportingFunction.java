package dev.pampa.api;

import java.util.Map;

/**
 * A job's own figures, such as "revenue processed" or "pages fetched", computed from the database. Named
 * as the job's {@code reporting_function}; the dispatcher calls it with each stats snapshot (every 5 s),
 * keeps each figure in history ({@code pampa.job_figure}), {@code pampa status} prints the latest and the
 * cockpit's Dashboard charts them beside the task states.
 *
 * <p>Figure names are at most 100 characters; a null value is left out. A call that throws or whose
 * statement outlasts the function timeout gives no figures for that snapshot; the failure is logged at
 * most once a minute per job.
 */
@FunctionalInterface
public interface ReportingFunction {
    /** Figure name to value, in the order they are to be shown. */
    Map<String, Number> figures(ReadOnlyDatabase database);
}
