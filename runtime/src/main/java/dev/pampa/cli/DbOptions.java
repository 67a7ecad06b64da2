package dev.pampa.cli;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import picocli.CommandLine.Option;

/** The {@code --db} option every command takes, falling back to the PAMPA_DB environment variable. */
public final class DbOptions {
    @Option(names = "--db", paramLabel = "URL",
            description = "The database: jdbc:postgresql://host:port/db or postgresql://user:password@host:port/db."
                    + " Default: $PAMPA_DB, else (operator side) the embedded database when it runs.")
    String db;

    public DbUrl url() {
        String text = db != null ? db : System.getenv("PAMPA_DB");
        if (text == null || text.isBlank()) {
            java.util.Optional<DefaultDatabase> fallback = DefaultDatabase.installed();
            if (fallback.isPresent()) {
                text = fallback.get().url().orElseThrow(() -> new CliFailure(ExitCode.BAD_URL,
                        "no database given — pass --db URL or set PAMPA_DB, " + fallback.get().hint()));
            }
        }
        try {
            return DbUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.BAD_URL, e.getMessage());
        }
    }

    /**
     * Opens a pool on the database and checks that the schema is current: for what runs for long and
     * issues statements from several threads (a worker, the dispatcher, the agent).
     */
    public Database open(int poolSize, String applicationName) {
        return requireCurrent(Database.open(url(), poolSize, applicationName));
    }

    /** As {@link #open(int, String)}, the server ending a session left idle in a transaction longer than {@code idleInTransaction}. */
    public Database open(int poolSize, String applicationName, java.time.Duration idleInTransaction) {
        return requireCurrent(Database.open(url(), poolSize, applicationName, idleInTransaction));
    }

    /**
     * One plain connection, no pool, and the schema checked by one statement: for a command that runs a
     * few statements and exits (list, show, pause…), which then answers in a fraction of a second.
     */
    public Database connect(String applicationName) {
        return requireCurrent(Database.connect(url(), applicationName));
    }

    private static Database requireCurrent(Database d) {
        try {
            d.requireCurrentSchema();
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }
}
