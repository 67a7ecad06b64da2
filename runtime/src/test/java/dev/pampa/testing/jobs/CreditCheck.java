package dev.pampa.testing.jobs;

import dev.pampa.api.DatabaseAllowingFunction;
import dev.pampa.api.ReadOnlyDatabase;
import dev.pampa.api.WorkerLoad;
import org.jooq.impl.DSL;

/**
 * Test allowing function, the Ruby README's credit check: a worker may take tasks only while the
 * {@code credits} table's single row says credits are left.
 */
public final class CreditCheck implements DatabaseAllowingFunction {
    @Override
    public boolean allows(WorkerLoad load, int occupied, int queueSize, ReadOnlyDatabase database) {
        Integer left = database.db().select(DSL.field(DSL.name("left_credits"), Integer.class))
                .from(DSL.table(DSL.name("credits"))).fetchOne(0, Integer.class);
        return left != null && left > 0 && occupied < queueSize;
    }
}
