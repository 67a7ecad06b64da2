package dev.pampa.testing;

import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Test task tables with Pampa's default field columns, and jobs on them. */
public final class TaskTables {
    private TaskTables() {
    }

    /** Creates {@code table(id bigint pk, parity text, + the default field columns)} holding ids 1..rows. */
    public static void create(Database db, String table, int rows) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, parity TEXT, work_ms INT NOT NULL DEFAULT 0, "
                    + "pampa_reservation_id VARCHAR(100), pampa_reservation_time TIMESTAMPTZ, pampa_reservation_times INTEGER, "
                    + "pampa_start_time TIMESTAMPTZ, pampa_end_time TIMESTAMPTZ, pampa_success BOOLEAN, pampa_error_description TEXT)");
            s.execute("CREATE INDEX ON " + table + " (id) WHERE pampa_reservation_id IS NULL AND pampa_end_time IS NULL");
            s.execute("CREATE INDEX ON " + table + " (pampa_reservation_id) WHERE pampa_reservation_id IS NOT NULL AND pampa_end_time IS NULL");
            s.execute("INSERT INTO " + table + " (id) SELECT g FROM generate_series(1, " + rows + ") g");
            s.execute("CREATE TABLE IF NOT EXISTS runs (task_id BIGINT NOT NULL, worker TEXT NOT NULL, try_number INT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now())");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores a job on the table from YAML lines added to name, table and processor. */
    public static JobSpec job(Database db, String name, String table, String processor, String... moreYaml) {
        String yaml = "name: " + name + "\ntable: " + table + "\nprocessor: " + processor + "\n" + String.join("\n", moreYaml) + "\n";
        try {
            JobSpec spec = JobYaml.parse(yaml, "test");
            new JobStore(db.dsl()).save(spec);
            return spec;
        } catch (dev.pampa.model.InvalidSpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Runs an update or DDL statement of the test's own. */
    public static void execute(Database db, String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String string(Database db, String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, as longs. */
    public static java.util.List<Long> longs(Database db, String sql) {
        java.util.List<Long> values = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(Database db, String sqlCondition, String table) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM " + table + " WHERE " + sqlCondition)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
