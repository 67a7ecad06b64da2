package dev.pampa.testing.jobs;

import dev.pampa.api.ReadOnlyDatabase;
import dev.pampa.api.ReportingFunction;
import java.util.Map;
import org.jooq.impl.DSL;

/** Test reporting function that tries to write: the read-only transaction refuses it, so it never gives figures. */
public final class BrokenFigures implements ReportingFunction {
    @Override
    public Map<String, Number> figures(ReadOnlyDatabase database) {
        database.db().execute("CREATE TABLE " + DSL.name("written_by_a_report") + " (x int)");
        return Map.of("never", 1);
    }
}
