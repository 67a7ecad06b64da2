package dev.pampa.store;

import dev.pampa.model.JobSpec;
import dev.pampa.model.ddl.DdlListener;
import dev.pampa.model.ddl.DdlStep;
import dev.pampa.model.ddl.LockRetry;
import dev.pampa.store.TaskTableSchema.TableShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The DDL that prepares a task table for a job: the field columns it lacks, the two partial
 * indexes the dispatcher reads through (pending rows by key, or for a job with field_scheduled_time
 * by due time then key; reserved rows by worker), and the
 * trigger that wakes the dispatcher when rows are inserted. Only what is
 * missing is planned (an index an interrupted build left invalid counts as missing); each statement
 * still says IF NOT EXISTS, for a concurrent apply. The steps are planned for a table the operator's
 * application keeps writing: see {@link DdlStep} for the lock each takes.
 */
public final class TaskTableSetup {
    /** Renders the statements as {@link Database#dsl()} does, without a connection: a preview is the text that runs. */
    private static final DSLContext RENDERING = DSL.using(SQLDialect.POSTGRES, new Settings().withRenderSchema(true));

    static final String PENDING_SUFFIX = "_pampa_pending";
    /** A scheduled job's pending index, ordered by when each task is due: its own name, so that a table set up before keeps its old one. */
    static final String DUE_SUFFIX = "_pampa_due";
    static final String RESERVED_SUFFIX = "_pampa_reserved";
    static final String NEW_TASKS_SUFFIX = "_pampa_new_tasks";
    /** PostgreSQL's NAMEDATALEN - 1, in bytes: longer names are cut silently by the server. */
    private static final int MAX_NAME_BYTES = 63;

    private final JobSpec spec;
    private final List<String> columnParameters;
    private final String pendingIndex;
    private final String reservedIndex;
    private final boolean createPending;
    private final boolean createReserved;
    private final String newTasksTrigger;
    private final boolean createTrigger;
    private final String schema;
    private final java.util.Set<String> invalidIndexes;
    private final long heapBytes;
    private final double rowEstimate;

    /** Plans whatever the table lacks: field columns (not the key, which only the operator can choose), indexes, trigger. */
    public TaskTableSetup(JobSpec spec, TableShape shape) {
        this.spec = spec;
        List<String> lacking = new ArrayList<>();
        for (Map.Entry<String, String> field : spec.fields().byParameter().entrySet()) {
            if (FieldColumnType.of(field.getKey()) != null && !shape.columns().containsKey(field.getValue())) {
                lacking.add(field.getKey());
            }
        }
        this.columnParameters = List.copyOf(lacking);
        this.pendingIndex = indexName(shape.name(), spec.fields().scheduled() ? DUE_SUFFIX : PENDING_SUFFIX);
        this.reservedIndex = indexName(shape.name(), RESERVED_SUFFIX);
        this.schema = shape.schema();
        this.invalidIndexes = java.util.Set.copyOf(shape.invalidIndexes());
        this.heapBytes = shape.heapBytes();
        this.rowEstimate = shape.rowEstimate();
        // an invalid index is no index for the dispatcher: it is dropped and built again
        this.createPending = !shape.indexes().contains(pendingIndex) || invalidIndexes.contains(pendingIndex);
        this.createReserved = !shape.indexes().contains(reservedIndex) || invalidIndexes.contains(reservedIndex);
        this.newTasksTrigger = indexName(shape.name(), NEW_TASKS_SUFFIX);
        this.createTrigger = !shape.triggers().contains(newTasksTrigger);
    }

    /**
     * {@code <table>_pampa_pending}; when that would pass 63 bytes, the table part is cut and a hash of
     * the whole name keeps two long tables with a common prefix from sharing an index name.
     */
    static String indexName(String table, String suffix) {
        String whole = table + suffix;
        if (whole.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return whole;
        }
        String hash = "_" + HexFormat.of().formatHex(sha256(table), 0, 4);
        int room = MAX_NAME_BYTES - hash.length() - suffix.length();
        return cutToBytes(table, room) + hash + suffix;
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The longest prefix of whole code points that fits in {@code maxBytes} of UTF-8. */
    private static String cutToBytes(String s, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    public boolean nothingToDo() {
        return columnParameters.isEmpty() && !createPending && !createReserved && !createTrigger;
    }

    /** The trigger that wakes the dispatcher when rows are inserted, if the table lacks it. */
    public List<String> missingTriggers() {
        return createTrigger ? List.of(newTasksTrigger) : List.of();
    }

    /** Names of the dispatcher's indexes that the table lacks. */
    public List<String> missingIndexes() {
        List<String> out = new ArrayList<>();
        if (createPending) {
            out.add(pendingIndex);
        }
        if (createReserved) {
            out.add(reservedIndex);
        }
        return out;
    }

    /**
     * The steps in the order they run: columns first (the indexes are on them), then any index an
     * interrupted build left invalid dropped, the indexes built, the trigger last (it fires for the job,
     * so the table must be ready for the dispatcher by then).
     */
    public List<DdlStep> steps() {
        TaskTable fields = new TaskTable(spec);
        Table<?> table = DSL.table(TaskTable.tableName(spec.table()));
        List<DdlStep> out = new ArrayList<>();
        Map<String, String> byParameter = spec.fields().byParameter();
        if (!columnParameters.isEmpty()) {
            List<String> alters = new ArrayList<>();
            for (String parameter : columnParameters) {
                alters.add(render(RENDERING.alterTable(table).addColumnIfNotExists(
                        DSL.field(DSL.name(byParameter.get(parameter)), FieldColumnType.of(parameter).created))));
            }
            out.add(new DdlStep(DdlStep.Kind.ADD_COLUMNS, spec.table(), alters, DdlStep.CATALOG_ONLY, ""));
        }
        if (createPending) {
            dropIfInvalid(pendingIndex, out);
            org.jooq.Condition pendingRows = fields.id().isNull().and(fields.endTime().isNull());
            Query build = fields.dueAt() != null
                    // led by the due time: the claim's "due <= now()" is a range of it, and rows scheduled later are never read
                    ? RENDERING.query("create index concurrently if not exists {0} on {1} (({2}), {3}) where {4}",
                            DSL.name(pendingIndex), table, fields.dueAt(), fields.primaryKey(), pendingRows)
                    : createIndexConcurrently(pendingIndex, table, fields.primaryKey(), pendingRows);
            out.add(new DdlStep(DdlStep.Kind.CREATE_INDEX, pendingIndex, List.of(render(build)),
                    IndexBuildEstimate.of(heapBytes, rowEstimate, true), estimateBasis()));
        }
        if (createReserved) {
            dropIfInvalid(reservedIndex, out);
            out.add(new DdlStep(DdlStep.Kind.CREATE_INDEX, reservedIndex, List.of(render(createIndexConcurrently(reservedIndex, table,
                    fields.id(), fields.id().isNotNull().and(fields.endTime().isNull())))),
                    IndexBuildEstimate.of(heapBytes, rowEstimate, false), estimateBasis()));
        }
        if (createTrigger) {
            // a statement-level trigger: one wake-up per INSERT statement, whatever its row count
            out.add(new DdlStep(DdlStep.Kind.CREATE_TRIGGER, newTasksTrigger, List.of(render(RENDERING.query(
                    "CREATE TRIGGER {0} AFTER INSERT ON {1} FOR EACH STATEMENT EXECUTE FUNCTION {2}({3})",
                    DSL.name(newTasksTrigger), table, DSL.name(Database.SCHEMA, "notify_new_tasks"), DSL.inline(spec.name())))),
                    DdlStep.CATALOG_ONLY, ""));
        }
        return out;
    }

    private String estimateBasis() {
        String size = heapBytes >= 10L << 20 ? (heapBytes >> 20) + " MB" : (heapBytes >> 10) + " kB";
        return (rowEstimate >= 0 ? String.format(java.util.Locale.US, "%,.0f rows, ", rowEstimate) : "never analyzed, ") + size;
    }

    private void dropIfInvalid(String index, List<DdlStep> out) {
        if (invalidIndexes.contains(index)) {
            // IF NOT EXISTS would keep the invalid index, which no query uses and every write still updates
            out.add(new DdlStep(DdlStep.Kind.DROP_INVALID_INDEX, index, List.of(render(RENDERING.query(
                    "drop index concurrently if exists {0}", DSL.name(schema, index)))), DdlStep.CATALOG_ONLY, ""));
        }
    }

    /** jOOQ's CREATE INDEX has no CONCURRENTLY: a template, its identifiers and predicate still rendered by jOOQ. */
    private static Query createIndexConcurrently(String index, Table<?> table, org.jooq.Field<?> column, org.jooq.Condition where) {
        return RENDERING.query("create index concurrently if not exists {0} on {1} ({2}) where {3}",
                DSL.name(index), table, column, where);
    }

    private static String render(Query q) {
        return q.getSQL(ParamType.INLINED) + ";";
    }

    /**
     * Runs the steps on a live table without holding off its writers for longer than a lock timeout
     * (see {@link LiveTableDdl}); returns the statements run.
     *
     * @throws TableBusyException when a step found the table locked on every try
     */
    public List<String> run(Database db, LockRetry retry, DdlListener listener) {
        return new LiveTableDdl(db, spec.table(), retry, listener).run(steps());
    }

    /** The statements as SQL text, for printing; nothing is executed. */
    public List<String> sql() {
        return steps().stream().flatMap(step -> step.sql().stream()).toList();
    }
}
