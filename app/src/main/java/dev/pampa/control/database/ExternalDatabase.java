package dev.pampa.control.database;

import dev.pampa.store.Database;
import dev.pampa.store.DatabaseUnavailableException;
import dev.pampa.store.DbUrl;

/**
 * An operator's own PostgreSQL, as typed into the cockpit: a JDBC URL or a
 * {@code postgresql://user:pass@host:port/db} URL, with a user and password given apart (they win
 * over any in the URL). Tested before use; the password is never written anywhere.
 */
public final class ExternalDatabase {

    /** What a test connection found: the schema version there, and this program's. */
    public record SchemaState(String description, int applied, int current) {
        public String summary() {
            if (applied == 0) {
                return "connected to " + description + "; there is no pampa schema yet: it is created when you use this database";
            }
            if (applied < current) {
                return "connected to " + description + "; the pampa schema is at version " + applied
                        + " and is brought to version " + current + " when you use this database";
            }
            if (applied > current) {
                return "connected to " + description + "; the pampa schema is at version " + applied
                        + ", newer than this cockpit's " + current + ": upgrade Pampa before using it";
            }
            return "connected to " + description + "; the pampa schema is current (version " + current + ")";
        }

        public boolean usable() {
            return applied <= current;
        }
    }

    private ExternalDatabase() {
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with the URL and how to write it
     */
    static DbUrl url(String url, String user, char[] password) {
        DbUrl parsed = DbUrl.parse(url);
        String u = user == null || user.isBlank() ? parsed.user() : user.strip();
        String p = password == null || password.length == 0 ? parsed.password() : new String(password);
        return DbUrl.of(parsed.jdbcUrl(), u, p);
    }

    /** What may be written down: the JDBC URL without any password in it, and the user. */
    public record WithoutPassword(String jdbcUrl, String user) {
    }

    /** Query parameters of the PostgreSQL driver that carry a secret: the password and the SSL key's passphrase. */
    private static final java.util.Set<String> SECRET_PARAMETERS = java.util.Set.of("password", "sslpassword");

    /**
     * The URL and user to keep in a settings file: every secret inside the URL ({@code user:pass@}, a
     * {@code password=} or an {@code sslpassword=} parameter) is dropped.
     */
    public static WithoutPassword withoutPassword(String url, String user) {
        DbUrl parsed = url(url, user, null);
        String jdbc = parsed.jdbcUrl();
        int q = jdbc.indexOf('?');
        if (q >= 0) {
            String kept = java.util.Arrays.stream(jdbc.substring(q + 1).split("&"))
                    .filter(param -> !param.isEmpty())
                    .filter(param -> !SECRET_PARAMETERS.contains(param.split("=", 2)[0].toLowerCase(java.util.Locale.ROOT)))
                    .collect(java.util.stream.Collectors.joining("&"));
            jdbc = jdbc.substring(0, q) + (kept.isEmpty() ? "" : "?" + kept);
        }
        return new WithoutPassword(jdbc, parsed.user());
    }

    /** The URL as shown (no password), or the parse failure's message. */
    public static String describe(String url, String user) {
        DbUrl parsed = url(url, user, null);
        return DbUrl.redact(parsed.jdbcUrl()) + (parsed.user() == null ? "" : " as " + parsed.user());
    }

    /**
     * Connects once and reads the schema version, changing nothing.
     *
     * @throws IllegalArgumentException        for a URL that cannot be read
     * @throws DatabaseUnavailableException    naming the cause and the fix
     */
    public static SchemaState test(String url, String user, char[] password) {
        DbUrl parsed = url(url, user, password);
        try (Database db = Database.open(parsed, 1, "pampa-cockpit-test")) {
            return new SchemaState(DbUrl.redact(parsed.jdbcUrl()) + (parsed.user() == null ? "" : " as " + parsed.user()),
                    db.appliedSchemaVersion(), Database.SCHEMA_VERSION);
        } catch (org.jooq.exception.DataAccessException e) {
            throw Database.unavailable(parsed, e.getCause() == null ? e : e.getCause());
        }
    }

    /** The database for the cockpit to work on, migrated to the current schema. */
    public static OperatorDatabase open(String url, String user, char[] password) {
        return OperatorDatabase.external(url(url, user, password));
    }
}
