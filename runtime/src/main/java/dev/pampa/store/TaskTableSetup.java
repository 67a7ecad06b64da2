package dev.pampa.store;

import dev.pampa.model.JobSpec;
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
 * missing is planned; each statement still says IF NOT EXISTS, for a concurrent apply.
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
        this.createPending = !shape.indexes().contains(pendingIndex);
        this.createReserved = !shape.indexes().contains(reservedIndex);
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

    /** The statements, built on the given context so that they run in its transaction. */
    public List<Query> queries(DSLContext dsl) {
        TaskTable fields = new TaskTable(spec);
        Table<?> table = DSL.table(TaskTable.tableName(spec.table()));
        List<Query> out = new ArrayList<>();
        Map<String, String> byParameter = spec.fields().byParameter();
        for (String parameter : columnParameters) {
            out.add(dsl.alterTable(table).addColumnIfNotExists(DSL.field(DSL.name(byParameter.get(parameter)), FieldColumnType.of(parameter).created)));
        }
        if (createPending && fields.dueAt() != null) {
            // led by the due time: the claim's "due <= now()" is a range of it, and rows scheduled later are never read
            out.add(dsl.createIndexIfNotExists(DSL.name(pendingIndex)).on(table, fields.dueAt(), fields.primaryKey())
                    .where(fields.id().isNull().and(fields.endTime().isNull())));
        } else if (createPending) {
            out.add(dsl.createIndexIfNotExists(DSL.name(pendingIndex)).on(table, fields.primaryKey())
                    .where(fields.id().isNull().and(fields.endTime().isNull())));
        }
        if (createReserved) {
            out.add(dsl.createIndexIfNotExists(DSL.name(reservedIndex)).on(table, fields.id())
                    .where(fields.id().isNotNull().and(fields.endTime().isNull())));
        }
        if (createTrigger) {
            // a statement-level trigger: one wake-up per INSERT statement, whatever its row count
            out.add(dsl.query("CREATE TRIGGER {0} AFTER INSERT ON {1} FOR EACH STATEMENT EXECUTE FUNCTION {2}({3})",
                    DSL.name(newTasksTrigger), table, DSL.name(Database.SCHEMA, "notify_new_tasks"), DSL.inline(spec.name())));
        }
        return out;
    }

    /**
     * Runs the statements in one transaction, without storing a job (the cockpit prepares a table
     * before the job is saved); returns them as SQL text.
     *
     * @param lockTimeout how long the DDL may wait for the table (see {@link AppliedJob#apply})
     * @throws AppliedJob.TableBusyException when the table stayed locked longer than that
     */
    public List<String> run(DSLContext dsl, java.time.Duration lockTimeout) {
        try {
            return dsl.transactionResult(cfg -> {
                DSLContext tx = DSL.using(cfg);
                List<Query> queries = queries(tx);
                if (!queries.isEmpty()) {
                    tx.setLocal(DSL.name("lock_timeout"), DSL.inline(lockTimeout.toMillis() + "ms")).execute();
                }
                for (Query q : queries) {
                    q.execute();
                }
                return sql();
            });
        } catch (org.jooq.exception.DataAccessException e) {
            if ("55P03".equals(e.sqlState())) {
                throw new AppliedJob.TableBusyException(spec.table(), lockTimeout, e);
            }
            throw e;
        }
    }

    /** The statements as SQL text, for printing; nothing is executed. */
    public List<String> sql() {
        return queries(RENDERING).stream().map(q -> q.getSQL(ParamType.INLINED) + ";").toList();
    }
}
