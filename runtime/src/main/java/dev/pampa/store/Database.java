package dev.pampa.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The operator's database: jOOQ on either a connection pool (long-running programs: workers, the
 * dispatcher, the agent, the cockpit) or one plain connection (a command that runs a few statements and
 * exits), and Pampa's schema migrations.
 */
public final class Database implements AutoCloseable {
    public static final String SCHEMA = "pampa";
    /** The highest migration in db/migration; a test keeps the two equal. */
    public static final int SCHEMA_VERSION = 14;
    private static final String SESSION_OPTIONS = "-c TimeZone=UTC";
    /** PostgreSQL's "undefined table" and "invalid schema name": no pampa schema, or no history in it yet. */
    private static final java.util.Set<String> NO_HISTORY_STATES = java.util.Set.of("42P01", "3F000");

    /** Created on first use: a one-shot command that logs nothing does not set up logging at all. */
    private static final class Log {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);
    }

    private final DbUrl url;
    private final DataSource dataSource;
    /** The pool, or the one connection; closing it is closing this. */
    private final AutoCloseable resource;
    private final DSLContext dsl;

    private Database(DbUrl url, DataSource pool) {
        this.url = url;
        this.dataSource = pool;
        this.resource = (AutoCloseable) pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES, settings());
    }

    private Database(DbUrl url, Connection connection) {
        this.url = url;
        this.dataSource = new PlainDataSource(url);
        this.resource = connection;
        this.dsl = DSL.using(connection, SQLDialect.POSTGRES, settings());
    }

    private static Settings settings() {
        return new Settings().withExecuteLogging(false).withRenderSchema(true);
    }

    /**
     * One plain connection and no pool, for a command that runs a few statements and exits: a pool's
     * threads, its start-up and its logging cost a one-shot command more than its statements do
     * (issue 13). Fails at once, with the cause and the fix, when the database cannot be reached.
     */
    public static Database connect(DbUrl url, String applicationName) {
        try {
            return new Database(url, plainConnection(url, "pampa " + applicationName));
        } catch (SQLException e) {
            throw unavailable(url, e);
        }
    }

    /**
     * Opens a pool of up to {@code poolSize} connections; fails at once, with the cause and the fix,
     * when the database cannot be reached.
     */
    public static Database open(DbUrl url, int poolSize, String applicationName) {
        return new Database(url, ConnectionPool.open(url, poolSize, applicationName, SESSION_OPTIONS));
    }

    /**
     * A pool whose sessions the server ends when one sits idle inside a transaction longer than
     * {@code idleInTransaction}: for a client that may be cut off mid-transaction (a node agent behind a
     * network partition), whose open transaction would otherwise hold its row locks, and stall the
     * dispatcher's take-back, until TCP gives up on the peer (hours by default).
     */
    public static Database open(DbUrl url, int poolSize, String applicationName, java.time.Duration idleInTransaction) {
        return new Database(url, ConnectionPool.open(url, poolSize, applicationName,
                SESSION_OPTIONS + " -c idle_in_transaction_session_timeout=" + Math.max(1, idleInTransaction.toMillis())));
    }

    /** Turns a failure to connect into one line that names the cause and what to do. */
    public static DatabaseUnavailableException unavailable(DbUrl url, Throwable cause) {
        String state = cause instanceof SQLException s ? s.getSQLState() : null;
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse("");
        String fix;
        if ("28P01".equals(state) || "28000".equals(state)) {
            fix = "check the user and password in the database URL";
        } else if ("3D000".equals(state)) {
            fix = "create the database or fix its name in the URL";
        } else if (state != null && state.startsWith("08")) {
            fix = "check that PostgreSQL runs and that host and port in the URL are right";
        } else {
            fix = "check the database URL and that PostgreSQL accepts connections";
        }
        return new DatabaseUnavailableException("cannot connect to " + url + ": " + why + " — " + fix, cause);
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** Connections of the pool, or (for a database of {@link #connect}) new plain connections, each the caller's to close. */
    public DataSource dataSource() {
        return dataSource;
    }

    public DbUrl url() {
        return url;
    }

    /**
     * A connection outside the pool, for LISTEN: notifications belong to the session, so they need a
     * connection that no one else borrows.
     */
    public Connection openDedicatedConnection() throws SQLException {
        return plainConnection(url, "pampa listener");
    }

    /** A connection with the same session settings as the pool's. */
    static Connection plainConnection(DbUrl url, String applicationName) throws SQLException {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("connectTimeout", "5");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("options", SESSION_OPTIONS);
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    /** New plain connections on demand, for what needs a {@link DataSource} of a database opened without a pool. */
    private static final class PlainDataSource implements DataSource {
        private final DbUrl url;

        PlainDataSource(DbUrl url) {
            this.url = url;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return plainConnection(url, "pampa");
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return plainConnection(DbUrl.of(url.jdbcUrl(), user, password), "pampa");
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
            // nothing logs through here
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // the connect timeout is the URL's, as for the pool
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
            throw new java.sql.SQLFeatureNotSupportedException("no logger");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    private Flyway flyway() {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load();
    }

    /** Brings the pampa schema up to this runtime's version; returns how many migrations ran. */
    public int migrate() {
        MigrateResult r = flyway().migrate();
        return r.migrationsExecuted;
    }

    /**
     * Checks the schema version without loading Flyway, which would double a worker's memory: the
     * applied versions are read from Flyway's history table and compared with {@link #SCHEMA_VERSION}.
     *
     * @throws SchemaTooOldException when the schema is missing or older than this runtime
     */
    public void requireCurrentSchema() {
        int applied = appliedSchemaVersion();
        if (applied < SCHEMA_VERSION) {
            throw new SchemaTooOldException("the pampa schema in " + url + " is at version "
                    + (applied == 0 ? "none (not created yet)" : String.valueOf(applied))
                    + " but this runtime needs " + SCHEMA_VERSION + " — run: java -jar pampa-runtime.jar migrate --db URL");
        }
        if (applied > SCHEMA_VERSION) {
            Log.LOG.warn("the pampa schema in {} is at version {}, newer than this runtime's {}: upgrade the runtime jar on this node", url, applied, SCHEMA_VERSION);
        }
    }

    /**
     * The highest migration applied to this database's pampa schema; 0 when there is no schema yet.
     * One statement on Flyway's history table, through JDBC: neither Flyway nor jOOQ is loaded for it.
     */
    public int appliedSchemaVersion() {
        return dsl.connectionResult(Database::appliedSchemaVersion);
    }

    private static int appliedSchemaVersion(Connection c) throws SQLException {
        // versions are whole numbers (V1__, V2__, …); Flyway keeps them as text
        String sql = "SELECT max(CAST(version AS integer)) FROM " + SCHEMA + ".flyway_schema_history"
                + " WHERE success AND version IS NOT NULL";
        boolean autoCommit = c.getAutoCommit();
        java.sql.Savepoint before = autoCommit ? null : c.setSavepoint();
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            if (!NO_HISTORY_STATES.contains(e.getSQLState())) {
                throw e;
            }
            if (before != null) {
                c.rollback(before);
            }
            return 0;
        } finally {
            if (before != null) {
                c.releaseSavepoint(before);
            }
        }
    }

    /** True when the failure is the connection's (database restarting, network cut), worth retrying. */
    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLTransientConnectionException || c instanceof java.net.SocketException
                    || c instanceof java.io.EOFException) {
                return true;
            }
            if (c instanceof SQLException s && s.getSQLState() != null) {
                String st = s.getSQLState();
                if (st.startsWith("08") || st.equals("57P01") || st.equals("57P02") || st.equals("57P03")) {
                    return true;
                }
            }
            if (c instanceof org.jooq.exception.DataAccessException d && d.sqlState() != null) {
                String st = d.sqlState();
                if (st.startsWith("08") || st.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            // closing a connection the server already dropped: nothing is left to release
        }
    }
}
