package dev.pampa.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
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

/** The operator's database: a connection pool, jOOQ on it, and Pampa's schema migrations. */
public final class Database implements AutoCloseable {
    public static final String SCHEMA = "pampa";
    /** The highest migration in db/migration; a test keeps the two equal. */
    public static final int SCHEMA_VERSION = 8;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);
    private static final String SESSION_OPTIONS = "-c TimeZone=UTC";

    private final DbUrl url;
    private final HikariDataSource pool;
    private final DSLContext dsl;

    private Database(DbUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false).withRenderSchema(true));
    }

    /**
     * Opens a pool of up to {@code poolSize} connections; fails at once, with the cause and the fix,
     * when the database cannot be reached.
     */
    public static Database open(DbUrl url, int poolSize, String applicationName) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            c.setUsername(url.user());
        }
        if (url.password() != null) {
            c.setPassword(url.password());
        }
        c.setMaximumPoolSize(poolSize);
        c.setMinimumIdle(Math.min(1, poolSize));
        c.setPoolName("pampa-" + applicationName);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(1);
        c.addDataSourceProperty("ApplicationName", "pampa " + applicationName);
        c.addDataSourceProperty("connectTimeout", "5");
        c.addDataSourceProperty("tcpKeepAlive", "true");
        // one time zone for every session, whatever each node's JVM says, so that timestamp columns
        // without a zone mean the same instant to every worker and the dispatcher
        c.addDataSourceProperty("options", SESSION_OPTIONS);
        try {
            return new Database(url, new HikariDataSource(c));
        } catch (HikariPool.PoolInitializationException e) {
            throw unavailable(url, e.getCause() == null ? e : e.getCause());
        }
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

    public DataSource dataSource() {
        return pool;
    }

    public DbUrl url() {
        return url;
    }

    /**
     * A connection outside the pool, for LISTEN: notifications belong to the session, so they need a
     * connection that no one else borrows.
     */
    public Connection openDedicatedConnection() throws SQLException {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("connectTimeout", "5");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "pampa listener");
        p.setProperty("options", SESSION_OPTIONS);
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    private Flyway flyway() {
        return Flyway.configure()
                .dataSource(pool)
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
            LOG.warn("the pampa schema in {} is at version {}, newer than this runtime's {}: upgrade the runtime jar on this node", url, applied, SCHEMA_VERSION);
        }
    }

    /** The highest migration applied to this database's pampa schema; 0 when there is no schema yet. */
    public int appliedSchemaVersion() {
        var history = DSL.table(DSL.name(SCHEMA, "flyway_schema_history"));
        boolean exists = dsl.fetchExists(DSL.selectOne().from(DSL.table(DSL.name("information_schema", "tables")))
                .where(DSL.field(DSL.name("table_schema")).eq(SCHEMA).and(DSL.field(DSL.name("table_name")).eq("flyway_schema_history"))));
        int applied = !exists ? 0 : dsl.select(DSL.field(DSL.name("version"), String.class)).from(history)
                .where(DSL.field(DSL.name("success"), Boolean.class).isTrue().and(DSL.field(DSL.name("version")).isNotNull()))
                .fetch(0, String.class).stream().mapToInt(Integer::parseInt).max().orElse(0);
        return applied;
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
        pool.close();
    }
}
