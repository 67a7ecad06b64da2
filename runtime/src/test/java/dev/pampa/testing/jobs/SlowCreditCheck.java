package dev.pampa.testing.jobs;

import dev.pampa.api.DatabaseAllowingFunction;
import dev.pampa.api.ReadOnlyDatabase;
import dev.pampa.api.WorkerLoad;
import org.jooq.impl.DSL;

/** Test allowing function whose query sleeps 30 s: the function timeout must cancel it, and nothing is allowed. */
public final class SlowCreditCheck implements DatabaseAllowingFunction {
    @Override
    public boolean allows(WorkerLoad load, int occupied, int queueSize, ReadOnlyDatabase database) {
        database.db().select(DSL.field("pg_sleep(30)")).fetch();
        return true;
    }
}
