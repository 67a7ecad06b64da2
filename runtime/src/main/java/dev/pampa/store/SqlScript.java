package dev.pampa.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * A SQL script of several statements (DDL, fill scripts), run as one transaction: a script that
 * fails half way leaves nothing behind, so it can be fixed and run again.
 *
 * <p>The text goes to the server as written: the PostgreSQL driver splits it into statements itself,
 * minding quotes, dollar-quoted bodies and comments, and JDBC escape processing is off so that braces
 * and question marks reach the server unchanged. A script must not hold its own BEGIN/COMMIT, nor
 * statements PostgreSQL refuses inside a transaction (CREATE DATABASE, VACUUM, CREATE INDEX
 * CONCURRENTLY).
 */
public final class SqlScript {
    private static final String NOT_IN_TRANSACTION = "25001";

    private final String source;
    private final String text;

    private SqlScript(String source, String text) {
        this.source = Objects.requireNonNull(source, "source");
        this.text = Objects.requireNonNull(text, "text");
    }

    /** A script from a string; {@code source} names it in error messages. */
    public static SqlScript of(String source, String text) {
        return new SqlScript(source, text);
    }

    /**
     * A script from the class path, read as UTF-8.
     *
     * @throws IllegalArgumentException when there is no such resource, naming it
     */
    public static SqlScript fromClasspath(String resource, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no SQL script '" + resource + "' on the class path: check the resource name and that its jar is on the class path");
            }
            return new SqlScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL script '" + resource + "'", e);
        }
    }

    public String source() {
        return source;
    }

    public String text() {
        return text;
    }

    /**
     * Runs every statement of the script in one transaction on a connection of the database's pool.
     *
     * @throws Failed naming the script, the server's reason and the fix; nothing of the script is applied
     * @throws DatabaseUnavailableException when the connection was lost
     */
    public void runOn(Database db) {
        try (Connection c = db.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setEscapeProcessing(false);
                s.execute(text);
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            if (Database.isTransient(e)) {
                throw Database.unavailable(db.url(), e);
            }
            throw failed(e);
        }
    }

    private static void rollbackQuietly(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            // the connection is broken: the server rolls the transaction back when it drops
            cause.addSuppressed(r);
        }
    }

    private Failed failed(SQLException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        String fix = NOT_IN_TRANSACTION.equals(e.getSQLState())
                ? "run that statement on its own: a script runs as one transaction"
                : "fix the script and run it again";
        return new Failed("SQL script " + source + " failed, nothing of it was applied: " + why + " — " + fix, e);
    }

    /** A script that failed; its transaction was rolled back. */
    public static final class Failed extends RuntimeException {
        public Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public String toString() {
        return "SqlScript[" + source + "]";
    }
}
