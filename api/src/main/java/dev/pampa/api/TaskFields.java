package dev.pampa.api;

import org.jooq.Field;
import org.jooq.Table;

/**
 * The job's task table and its field map as jOOQ objects, so that the optional functions can build
 * conditions without string concatenation. Every name is already quoted.
 */
public interface TaskFields {
    Table<?> table();

    Field<Object> primaryKey();

    /** The worker the task is reserved for; NULL when not reserved. */
    Field<String> id();

    /** When it was reserved (or, after a failed try, released). */
    Field<java.time.OffsetDateTime> time();

    /** How many times it was started. */
    Field<Integer> times();

    Field<java.time.OffsetDateTime> startTime();

    Field<java.time.OffsetDateTime> endTime();

    Field<Boolean> success();

    Field<String> errorDescription();

    /** Any other column of the task table, by name. */
    Field<Object> column(String name);
}
