package dev.pampa.store;

import java.util.Set;
import org.jooq.DataType;
import org.jooq.impl.SQLDataType;

/**
 * The types a field column may have (docs/design.md §3), and the type {@code --create-columns} gives it.
 * Types are PostgreSQL's short names ({@code pg_type.typname}).
 */
public enum FieldColumnType {
    // worker names are node (up to 63) + "." + number, so 100 leaves room
    RESERVATION(Set.of("text", "varchar"), "text or varchar", SQLDataType.VARCHAR(100), "varchar(100)"),
    MOMENT(Set.of("timestamp", "timestamptz"), "timestamp or timestamptz", SQLDataType.TIMESTAMPWITHTIMEZONE, "timestamptz"),
    COUNT(Set.of("int2", "int4", "int8"), "integer, bigint or smallint", SQLDataType.INTEGER, "integer"),
    FLAG(Set.of("bool"), "boolean", SQLDataType.BOOLEAN, "boolean"),
    MESSAGE(Set.of("text", "varchar"), "text or varchar", SQLDataType.CLOB, "text");

    private final Set<String> accepted;
    private final String description;
    final DataType<?> created;
    private final String createdSql;

    FieldColumnType(Set<String> accepted, String description, DataType<?> created, String createdSql) {
        this.accepted = accepted;
        this.description = description;
        this.created = created;
        this.createdSql = createdSql;
    }

    /** The type of a field parameter; null for field_primary_key, which may be of any type. */
    public static FieldColumnType of(String parameter) {
        return switch (parameter) {
            case "field_primary_key" -> null;
            case "field_id" -> RESERVATION;
            case "field_time", "field_start_time", "field_end_time", "field_scheduled_time" -> MOMENT;
            case "field_times" -> COUNT;
            case "field_success" -> FLAG;
            case "field_error_description" -> MESSAGE;
            default -> throw new IllegalArgumentException("not a field parameter: " + parameter);
        };
    }

    /** Whether a column of this base type ({@code pg_type.typname}) will do. */
    public boolean accepts(String typeName) {
        return accepted.contains(typeName);
    }

    /** The accepted types as a message names them. */
    public String description() {
        return description;
    }

    /** As a CREATE or ALTER TABLE would write it, for messages. */
    public String createdSql() {
        return createdSql;
    }
}
