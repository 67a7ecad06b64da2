package dev.pampa.testing.jobs;

import dev.pampa.api.ReadOnlyDatabase;
import dev.pampa.api.ReportingFunction;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.impl.DSL;

/** Test reporting function: the number of done rows and the total work_ms of the done rows, read from the task table. */
public final class DoneFigures implements ReportingFunction {
    @Override
    public Map<String, Number> figures(ReadOnlyDatabase database) {
        var f = database.fields();
        Map<String, Number> out = new LinkedHashMap<>();
        out.put("rows done", database.db().fetchCount(f.table(), f.success().isTrue()));
        out.put("work ms done", database.db().select(DSL.coalesce(DSL.sum(f.column("work_ms").cast(Long.class)), DSL.inline(java.math.BigDecimal.ZERO)))
                .from(f.table()).where(f.success().isTrue()).fetchOne(0, Number.class));
        return out;
    }
}
