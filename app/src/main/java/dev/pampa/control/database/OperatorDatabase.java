package dev.pampa.control.database;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;

/**
 * The database the operator works on, and the embedded server behind it when this program started
 * that server (then closing this stops it; a server another program started is left running).
 */
public final class OperatorDatabase implements AutoCloseable {
    private final Database database;
    private EmbeddedDatabase ownedServer;
    private final String description;

    OperatorDatabase(Database database, EmbeddedDatabase ownedServer, String description) {
        this.database = database;
        this.ownedServer = ownedServer;
        this.description = description;
    }

    /**
     * An external PostgreSQL, migrated to Pampa's current schema.
     *
     * @throws dev.pampa.store.DatabaseUnavailableException naming the cause and the fix
     */
    public static OperatorDatabase external(DbUrl url) {
        Database db = Database.open(url, 4, "pampa-cockpit");
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new OperatorDatabase(db, null, DbUrl.redact(url.jdbcUrl()) + (url.user() == null ? "" : " as " + url.user()));
    }

    public Database database() {
        return database;
    }

    /** The URL workers and the dispatcher use, with its credentials. */
    public DbUrl url() {
        return database.url();
    }

    /** True when closing this stops the embedded server: whatever still uses it must stop first. */
    public boolean ownsServer() {
        return ownedServer != null;
    }

    /** Closing will leave the embedded server running, for whoever uses it next. */
    void detachServer() {
        ownedServer = null;
    }

    /** For the status bar: which database, never its password. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        database.close();
        if (ownedServer != null) {
            ownedServer.close();
        }
    }
}
