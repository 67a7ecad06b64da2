package dev.pampa.store;

import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Work done in a transaction that is always rolled back: a trial whose writes must not stay (Run on one
 * row). The work runs on one connection of its own, whatever threads it uses.
 */
public final class RolledBackTransaction {
    private RolledBackTransaction() {
    }

    public static <T> T run(Database database, Function<DSLContext, T> work) {
        return database.dsl().connectionResult(connection -> {
            connection.setAutoCommit(false);
            try {
                return work.apply(DSL.using(connection, database.dsl().dialect()));
            } finally {
                connection.rollback();
            }
        });
    }
}
