package dev.pampa.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import javax.sql.DataSource;

/**
 * The pool of a long-running program's {@link Database}. Apart from {@link Database} so that a one-shot
 * command, which opens one plain connection, loads none of HikariCP's classes, not even to verify
 * {@link Database}'s code.
 */
final class ConnectionPool {
    private ConnectionPool() {
    }

    /** A started pool (an {@link AutoCloseable} {@link DataSource}); fails at once when the database cannot be reached. */
    static DataSource open(DbUrl url, int poolSize, String applicationName, String sessionOptions) {
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
        c.addDataSourceProperty("options", sessionOptions);
        try {
            return new HikariDataSource(c);
        } catch (HikariPool.PoolInitializationException e) {
            throw Database.unavailable(url, e.getCause() == null ? e : e.getCause());
        }
    }
}
