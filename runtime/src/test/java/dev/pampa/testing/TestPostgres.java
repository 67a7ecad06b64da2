package dev.pampa.testing;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM, and a fresh database per test so that
 * tests never see each other's rows. Tests that stop the server start their own with {@link #startOwn()}.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres shared;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (shared == null) {
            shared = startOwn();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    shared.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is temporary
                }
            }));
        }
        return shared;
    }

    public static EmbeddedPostgres startOwn() {
        try {
            return EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** A new empty database on the shared server. */
    public static DbUrl freshDatabase() {
        return freshDatabase(server());
    }

    public static DbUrl freshDatabase(EmbeddedPostgres pg) {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database", e);
        }
        return DbUrl.of("jdbc:postgresql://localhost:" + pg.getPort() + "/" + name, "postgres", null);
    }

    /** A fresh database with the pampa schema migrated, opened. */
    public static Database migratedDatabase() {
        Database d = Database.open(freshDatabase(), 10, "test");
        d.migrate();
        return d;
    }
}
