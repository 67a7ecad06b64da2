package dev.pampa.store.monitor;

import dev.pampa.store.JobStore;
import java.util.List;
import org.jooq.DSLContext;

/** The stored jobs' names, sorted: what a screen offers to choose from. */
public final class JobNames {
    private JobNames() {
    }

    public static List<String> all(DSLContext dsl) {
        return new JobStore(dsl).all().stream().map(j -> j.spec().name()).sorted().toList();
    }
}
