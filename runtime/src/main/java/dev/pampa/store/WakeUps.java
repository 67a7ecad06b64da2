package dev.pampa.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTEN/NOTIFY channels. A worker listens on its own channel and is woken when tasks are queued for
 * it; the dispatcher listens on one channel and is woken when a queue runs low or work appears.
 * Notifications only cut latency: every loop also polls, so a lost one costs time, not tasks.
 */
public final class WakeUps {
    public static final String DISPATCHER_CHANNEL = "pampa_dispatch";

    private WakeUps() {
    }

    /** Channel names are identifiers of at most 63 bytes: a long worker name is replaced by its hash. */
    public static String workerChannel(String worker) {
        String plain = "pampa_w_" + worker;
        if (plain.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63) {
            return plain;
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(worker.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "pampa_w_" + java.util.HexFormat.of().formatHex(h, 0, 20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The channel on which the dispatcher wakes the agent of a node. */
    public static String agentChannel(String node) {
        return workerChannel("agent." + node);
    }

    /** Queues a notification; it is delivered when the caller's transaction commits. */
    public static void notify(DSLContext dsl, String channel, String payload) {
        dsl.select(DSL.function("pg_notify", Object.class, DSL.val(channel), DSL.val(payload == null ? "" : payload))).fetch();
    }

    /** A session that listens on some channels; owns a dedicated connection. */
    public static final class Listener implements AutoCloseable {
        private final Connection connection;

        public Listener(Connection connection, String... channels) throws SQLException {
            this.connection = connection;
            connection.setAutoCommit(true);
            try (Statement st = connection.createStatement()) {
                for (String ch : channels) {
                    st.execute(DSL.using(org.jooq.SQLDialect.POSTGRES).render(DSL.query("LISTEN {0}", DSL.name(ch))));
                }
            }
        }

        /** Waits up to {@code millis} for notifications; returns their payloads, possibly none. */
        public List<String> await(int millis) throws SQLException {
            PGNotification[] ns = connection.unwrap(PGConnection.class).getNotifications(Math.max(1, millis));
            List<String> out = new ArrayList<>();
            if (ns != null) {
                for (PGNotification n : ns) {
                    out.add(n.getParameter());
                }
            }
            return out;
        }

        /**
         * Waits until a notification comes, the stop condition holds, or {@code millis} pass; in short
         * slices, so that a stop is noticed within a quarter of a second. True when woken by a notification.
         */
        public boolean awaitAny(long millis, java.util.function.BooleanSupplier stop) throws SQLException {
            long until = System.currentTimeMillis() + millis;
            while (!stop.getAsBoolean() && System.currentTimeMillis() < until) {
                if (!await((int) Math.min(250, Math.max(1, until - System.currentTimeMillis()))).isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken listener connection has nothing left to release
            }
        }
    }
}
