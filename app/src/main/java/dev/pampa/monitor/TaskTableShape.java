package dev.pampa.monitor;

import dev.pampa.model.JobSpec;
import dev.pampa.model.SpecProblem;
import dev.pampa.store.TaskTableCheck;
import dev.pampa.store.TaskTableSchema;
import dev.pampa.store.TaskTableSchema.TableShape;
import dev.pampa.store.TaskTableSetup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A table of the operator's database as the job editor sees it: read once, in the background, then
 * checked against each edit of the field map without going back to the database. The checks are
 * {@code job apply}'s own ({@link TaskTableCheck}, {@link TaskTableSetup}).
 */
public final class TaskTableShape {
    private static final DSLContext RENDERING = DSL.using(SQLDialect.POSTGRES);

    private final String table;
    private final Optional<TableShape> shape;
    private final List<String> tableNames;

    private TaskTableShape(String table, Optional<TableShape> shape, List<String> tableNames) {
        this.table = table;
        this.shape = shape;
        this.tableNames = tableNames;
    }

    /** The operator's tables as a job names them (pampa's own schema and the system's left out). */
    public static List<String> tableNames(DSLContext dsl) {
        return new TaskTableSchema(dsl).tableNames(false);
    }

    /** What the database holds under {@code table} now. */
    public static TaskTableShape read(DSLContext dsl, String table) {
        TaskTableSchema schema = new TaskTableSchema(dsl);
        Optional<TableShape> shape = schema.read(table);
        return new TaskTableShape(table, shape, shape.isPresent() ? List.of() : schema.tableNames(table.contains(".")));
    }

    public String table() {
        return table;
    }

    public boolean exists() {
        return shape.isPresent();
    }

    /** Column name to its type as SQL writes it, in table order; empty when there is no table. */
    public Map<String, String> columns() {
        Map<String, String> out = new LinkedHashMap<>();
        shape.ifPresent(s -> s.columns().forEach((name, type) -> out.put(name, type.sql())));
        return out;
    }

    /** Columns unique on their own: candidates for field_primary_key. */
    public Set<String> uniqueColumns() {
        return shape.map(TableShape::uniqueColumns).orElse(Set.of());
    }

    /** How a job's field map fits this table: job apply's checks, and the DDL that would prepare it. */
    public TableFit fit(JobSpec spec) {
        TaskTableCheck.Findings findings = TaskTableCheck.check(spec, shape, () -> tableNames);
        List<TableFit.MissingField> missing = findings.missing().stream()
                .map(m -> new TableFit.MissingField(m.parameter(), m.column(), m.sqlType(),
                        dev.pampa.model.CloseNames.to(m.column(), columns().keySet(), 1).stream().findFirst().orElse(null))).toList();
        if (shape.isEmpty() || !shape.get().isTable()) {
            return new TableFit(findings.problems(), missing, List.of(), List.of(), List.of());
        }
        TaskTableSetup setup = new TaskTableSetup(spec, shape.get(), findings.missing());
        return new TableFit(findings.problems(), missing, setup.missingIndexes(), setup.missingTriggers(), setup.sql(RENDERING));
    }

    /**
     * What {@link #fit} found.
     *
     * @param problems        misfits only the operator can fix (no table, wrong types, key not unique)
     * @param missing         field columns the table lacks, which the DDL adds
     * @param missingIndexes  the dispatcher's indexes the table lacks, which the DDL adds
     * @param missingTriggers the wake-up trigger when the table lacks it, which the DDL adds
     * @param ddl             the statements that add all of those (empty when nothing is missing)
     */
    public record TableFit(List<SpecProblem> problems, List<MissingField> missing, List<String> missingIndexes,
                           List<String> missingTriggers, List<String> ddl) {

        /**
         * A field column the table lacks and the type the DDL gives it.
         *
         * @param closeTo a column of the table with a close name (a typo?), or null
         */
        public record MissingField(String parameter, String column, String sqlType, String closeTo) {
            public SpecProblem asProblem(String table) {
                return new SpecProblem(parameter, "not in table " + table,
                        (closeTo == null ? "" : "did you mean " + closeTo + "? Or ")
                                + "Add columns and indexes… adds it as " + sqlType + "; or pick another column");
            }
        }
    }
}
