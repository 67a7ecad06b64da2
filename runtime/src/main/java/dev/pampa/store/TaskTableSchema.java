package dev.pampa.store;

import dev.pampa.model.TableName;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record6;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

/**
 * What the database holds under a job's table name: its kind, columns and types, the columns that are
 * unique on their own, and its indexes. Read from pg_catalog, resolving an unqualified name through
 * the search_path exactly as the statements of {@link TaskTable} will.
 */
public final class TaskTableSchema {
    private static final Table<?> CLASS = DSL.table(name("pg_catalog", "pg_class")).as("c");
    private static final Field<Long> CLASS_OID = DSL.field(name("c", "oid"), SQLDataType.BIGINT);
    private static final Field<String> CLASS_NAME = DSL.field(name("c", "relname"), SQLDataType.VARCHAR);
    private static final Field<String> CLASS_KIND = DSL.field(name("c", "relkind"), SQLDataType.CHAR).cast(SQLDataType.VARCHAR);
    private static final Field<Double> CLASS_TUPLES = DSL.field(name("c", "reltuples"), SQLDataType.DOUBLE);
    private static final Field<Long> CLASS_NAMESPACE = DSL.field(name("c", "relnamespace"), SQLDataType.BIGINT);

    private static final Table<?> NAMESPACE = DSL.table(name("pg_catalog", "pg_namespace")).as("n");
    private static final Field<Long> NAMESPACE_OID = DSL.field(name("n", "oid"), SQLDataType.BIGINT);
    private static final Field<String> NAMESPACE_NAME = DSL.field(name("n", "nspname"), SQLDataType.VARCHAR);

    private static final Table<?> ATTRIBUTE = DSL.table(name("pg_catalog", "pg_attribute")).as("a");
    private static final Field<Long> ATTRIBUTE_TABLE = DSL.field(name("a", "attrelid"), SQLDataType.BIGINT);
    private static final Field<String> ATTRIBUTE_NAME = DSL.field(name("a", "attname"), SQLDataType.VARCHAR);
    private static final Field<Short> ATTRIBUTE_NUMBER = DSL.field(name("a", "attnum"), SQLDataType.SMALLINT);
    private static final Field<Long> ATTRIBUTE_TYPE = DSL.field(name("a", "atttypid"), SQLDataType.BIGINT);
    private static final Field<Integer> ATTRIBUTE_TYPMOD = DSL.field(name("a", "atttypmod"), SQLDataType.INTEGER);
    private static final Field<Boolean> ATTRIBUTE_DROPPED = DSL.field(name("a", "attisdropped"), SQLDataType.BOOLEAN);

    private static final Table<?> TYPE = DSL.table(name("pg_catalog", "pg_type")).as("t");
    private static final Field<Long> TYPE_OID = DSL.field(name("t", "oid"), SQLDataType.BIGINT);
    private static final Field<String> TYPE_NAME = DSL.field(name("t", "typname"), SQLDataType.VARCHAR);
    private static final Field<Long> TYPE_BASE = DSL.field(name("t", "typbasetype"), SQLDataType.BIGINT);
    private static final Field<String> TYPE_KIND = DSL.field(name("t", "typtype"), SQLDataType.CHAR).cast(SQLDataType.VARCHAR);
    private static final Table<?> BASE_TYPE = DSL.table(name("pg_catalog", "pg_type")).as("bt");
    private static final Field<Long> BASE_TYPE_OID = DSL.field(name("bt", "oid"), SQLDataType.BIGINT);
    private static final Field<String> BASE_TYPE_NAME = DSL.field(name("bt", "typname"), SQLDataType.VARCHAR);

    private static final Table<?> INDEX = DSL.table(name("pg_catalog", "pg_index")).as("i");
    private static final Field<Long> INDEX_TABLE = DSL.field(name("i", "indrelid"), SQLDataType.BIGINT);
    private static final Field<Long> INDEX_OID = DSL.field(name("i", "indexrelid"), SQLDataType.BIGINT);
    private static final Field<Boolean> INDEX_VALID = DSL.field(name("i", "indisvalid"), SQLDataType.BOOLEAN);
    private static final Field<Boolean> INDEX_UNIQUE = DSL.field(name("i", "indisunique"), SQLDataType.BOOLEAN);
    private static final Field<Short> INDEX_KEY_COLUMNS = DSL.field(name("i", "indnkeyatts"), SQLDataType.SMALLINT);
    private static final Field<Object> INDEX_PREDICATE = DSL.field(name("i", "indpred"));
    // int2vector is zero-based: its first element is [0]
    private static final Field<Short> INDEX_FIRST_KEY = DSL.arrayGet(DSL.field(name("i", "indkey"), SQLDataType.SMALLINT.array()), inline(0));
    private static final Table<?> INDEX_CLASS = DSL.table(name("pg_catalog", "pg_class")).as("ic");
    private static final Field<Long> INDEX_CLASS_OID = DSL.field(name("ic", "oid"), SQLDataType.BIGINT);
    private static final Field<String> INDEX_CLASS_NAME = DSL.field(name("ic", "relname"), SQLDataType.VARCHAR);

    private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema", "pg_toast", Database.SCHEMA);

    private final DSLContext dsl;

    public TaskTableSchema(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A column's type: the base type's short name ({@code int4}, {@code timestamptz}) and as SQL writes it. */
    public record ColumnType(String name, String sql) {
    }

    /**
     * A relation found under the job's table name.
     *
     * @param kind           pg_class.relkind: r table, p partitioned table, v view, m materialized view, f foreign table…
     * @param columns        column name to type, in table order
     * @param uniqueColumns  columns that a primary key or a unique index (not partial) covers on their own
     * @param indexes        names of the table's indexes, the invalid ones included
     * @param invalidIndexes the indexes PostgreSQL marks invalid (pg_index.indisvalid): left by a
     *                       {@code CREATE INDEX CONCURRENTLY} that was interrupted, or still running
     * @param triggers       names of the table's own (not internal) triggers
     * @param heapBytes      pg_relation_size of the table (its main fork), for estimating an index build
     * @param rowEstimate    pg_class.reltuples as ANALYZE or VACUUM left it; negative when never counted
     */
    public record TableShape(String schema, String name, String kind, Map<String, ColumnType> columns,
                             Set<String> uniqueColumns, Set<String> indexes, Set<String> invalidIndexes,
                             Set<String> triggers, long heapBytes, double rowEstimate) {
        public boolean isTable() {
            return kind.equals("r") || kind.equals("p");
        }

        /** What the kind is called, for messages. */
        public String kindName() {
            return switch (kind) {
                case "r" -> "table";
                case "p" -> "partitioned table";
                case "v" -> "view";
                case "m" -> "materialized view";
                case "f" -> "foreign table";
                case "S" -> "sequence";
                case "i", "I" -> "index";
                case "c" -> "composite type";
                default -> "relation of kind '" + kind + "'";
            };
        }
    }

    /** The relation the name resolves to, or empty when there is none. */
    public Optional<TableShape> read(String table) {
        TableName name = TableName.parse(table);
        Condition named = name.schema() != null
                ? NAMESPACE_NAME.eq(name.schema()).and(CLASS_NAME.eq(name.table()))
                : CLASS_NAME.eq(name.table()).and(visible().isTrue());
        Field<Long> heapBytes = DSL.function(name("pg_catalog", "pg_relation_size"), SQLDataType.BIGINT, CLASS_OID);
        Record6<Long, String, String, String, Long, Double> relation = dsl
                .select(CLASS_OID, NAMESPACE_NAME, CLASS_NAME, CLASS_KIND, heapBytes, CLASS_TUPLES)
                .from(CLASS).join(NAMESPACE).on(NAMESPACE_OID.eq(CLASS_NAMESPACE))
                .where(named)
                .fetchOne();
        if (relation == null) {
            return Optional.empty();
        }
        long oid = relation.value1();
        return Optional.of(new TableShape(relation.value2(), relation.value3(), relation.value4(),
                columns(oid), uniqueColumns(oid), indexes(oid, false), indexes(oid, true), triggers(oid),
                relation.value5() == null ? 0 : relation.value5(), relation.value6() == null ? -1 : relation.value6()));
    }

    private Map<String, ColumnType> columns(long oid) {
        Map<String, ColumnType> out = new LinkedHashMap<>();
        // a domain is checked by the type it is based on
        Field<String> baseName = DSL.coalesce(BASE_TYPE_NAME, TYPE_NAME);
        Field<String> sql = DSL.function(name("pg_catalog", "format_type"), SQLDataType.VARCHAR, ATTRIBUTE_TYPE, ATTRIBUTE_TYPMOD);
        dsl.select(ATTRIBUTE_NAME, baseName, sql)
                .from(ATTRIBUTE)
                .join(TYPE).on(TYPE_OID.eq(ATTRIBUTE_TYPE))
                .leftJoin(BASE_TYPE).on(BASE_TYPE_OID.eq(TYPE_BASE).and(TYPE_KIND.eq(inline("d"))))
                .where(ATTRIBUTE_TABLE.eq(val(oid)).and(ATTRIBUTE_NUMBER.gt(inline((short) 0))).and(ATTRIBUTE_DROPPED.isFalse()))
                .orderBy(ATTRIBUTE_NUMBER)
                .fetch()
                .forEach(r -> out.put(r.value1(), new ColumnType(r.value2(), r.value3())));
        return out;
    }

    private Set<String> uniqueColumns(long oid) {
        return new TreeSet<>(dsl.select(ATTRIBUTE_NAME)
                .from(INDEX)
                .join(ATTRIBUTE).on(ATTRIBUTE_TABLE.eq(INDEX_TABLE).and(ATTRIBUTE_NUMBER.eq(INDEX_FIRST_KEY)))
                .where(INDEX_TABLE.eq(val(oid)).and(INDEX_UNIQUE.isTrue())
                        .and(INDEX_KEY_COLUMNS.eq(inline((short) 1))).and(INDEX_PREDICATE.isNull()))
                .fetch(ATTRIBUTE_NAME));
    }

    private Set<String> indexes(long oid, boolean invalidOnly) {
        return new TreeSet<>(dsl.select(INDEX_CLASS_NAME)
                .from(INDEX).join(INDEX_CLASS).on(INDEX_CLASS_OID.eq(INDEX_OID))
                .where(INDEX_TABLE.eq(val(oid)).and(invalidOnly ? INDEX_VALID.isFalse() : DSL.noCondition()))
                .fetch(INDEX_CLASS_NAME));
    }

    private Set<String> triggers(long oid) {
        Field<String> triggerName = DSL.field(name("t", "tgname"), SQLDataType.VARCHAR);
        return new TreeSet<>(dsl.select(triggerName)
                .from(DSL.table(name("pg_catalog", "pg_trigger")).as("t"))
                .where(DSL.field(name("t", "tgrelid"), SQLDataType.BIGINT).eq(val(oid))
                        .and(DSL.field(name("t", "tgisinternal"), SQLDataType.BOOLEAN).isFalse()))
                .fetch(triggerName));
    }

    /**
     * The operator's tables, for suggesting a close name: as written in a job, so unqualified when the
     * search_path finds them, else {@code schema.table}; all qualified when {@code qualified} is set.
     */
    public List<String> tableNames(boolean qualified) {
        Field<Boolean> visible = visible();
        return dsl.select(NAMESPACE_NAME, CLASS_NAME, visible)
                .from(CLASS).join(NAMESPACE).on(NAMESPACE_OID.eq(CLASS_NAMESPACE))
                .where(DSL.field(name("c", "relkind"), SQLDataType.CHAR).in(inline("r"), inline("p"))
                        .and(NAMESPACE_NAME.notIn(SYSTEM_SCHEMAS))
                        .and(NAMESPACE_NAME.notLike(inline("pg\\_%"))))
                .orderBy(NAMESPACE_NAME, CLASS_NAME)
                .fetch(r -> !qualified && Boolean.TRUE.equals(r.value3()) ? r.value2() : r.value1() + "." + r.value2());
    }

    /** The relation is found by the search_path (jOOQ has no such function: called by name, typed). */
    private static Field<Boolean> visible() {
        return DSL.function(name("pg_catalog", "pg_table_is_visible"), SQLDataType.BOOLEAN, CLASS_OID);
    }
}
