package dev.pampa.testing;

import dev.pampa.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Operator tables as an operator would prepare them for a job, written in plain SQL on purpose: they
 * stand for what is already in the operator's database, not for anything Pampa renders.
 */
public final class TaskTableFixture {
    private TaskTableFixture() {
    }

    /** {@code numbers} with the default field columns, ready for the job {@link #yaml}. */
    public static void createNumbers(Database db) {
        db.dsl().execute("""
                CREATE TABLE numbers (
                  id bigint PRIMARY KEY,
                  value bigint NOT NULL,
                  pampa_reservation_id varchar(100),
                  pampa_reservation_time timestamptz,
                  pampa_reservation_times integer,
                  pampa_start_time timestamptz,
                  pampa_end_time timestamptz,
                  pampa_success boolean,
                  pampa_error_description text)""");
    }

    /** {@code numbers} with only the operator's own columns. */
    public static void createBareNumbers(Database db, String table) {
        db.dsl().execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, value bigint NOT NULL)");
    }

    public static void insertNumbers(Database db, int count) {
        db.dsl().execute("INSERT INTO numbers (id, value) SELECT g, g FROM generate_series(1, " + count + ") g");
    }

    public static String yaml(String name, String table, String processor) {
        return "name: " + name + "\ntable: " + table + "\nprocessor: " + processor + "\n";
    }

    public static Path write(Path dir, String fileName, String yaml) {
        try {
            return Files.writeString(dir.resolve(fileName), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
