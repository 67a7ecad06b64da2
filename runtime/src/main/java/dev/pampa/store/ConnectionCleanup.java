package dev.pampa.store;

import java.sql.Connection;

/** Ending a transaction held on a raw connection (the worker's and the agent's cycles), whatever state the connection is in. */
public final class ConnectionCleanup {
    private ConnectionCleanup() {
    }

    public static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (Exception ignored) {
            // the connection is gone; the transaction died with it
        }
    }

    public static void resetQuietly(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (Exception ignored) {
            // a broken connection is evicted by the pool
        }
    }
}
