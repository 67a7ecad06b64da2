package dev.pampa.jobs;

import dev.pampa.model.CloseNames;
import dev.pampa.model.JobSpec;
import dev.pampa.store.FieldColumnType;
import dev.pampa.store.TaskTableSchema;
import dev.pampa.store.TaskTableSchema.ColumnType;
import dev.pampa.store.TaskTableSchema.TableShape;
import dev.pampa.store.TaskTableSetup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * What the database held under a job's table name when it was read: enough to check any field map
 * against it without going back to the database, as the job editor does on each edit. {@code job
 * apply} reads one and checks its job the same way.
 */
public final class TableSnapshot {
    private final String table;
    private final Optional<TableShape> shape;
    private final List<String> tableNames;

    private TableSnapshot(String table, Optional<TableShape> shape, List<String> tableNames) {
        this.table = table;
        this.shape = shape;
        this.tableNames = tableNames;
    }

    /** Reads the relation {@code table} resolves to; the operator's tables too when there is none, for a close name. */
    static TableSnapshot read(DSLContext dsl, String table) {
        TaskTableSchema schema = new TaskTableSchema(dsl);
        Optional<TableShape> shape = schema.read(table);
        return new TableSnapshot(table, shape, shape.isPresent() ? List.of() : schema.tableNames(table.contains(".")));
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

    /**
     * How a job fits this table: every misfit (not only the first), and what {@code --create-columns}
     * would add. The job's table must be the one read.
     */
    public TableFit fit(JobSpec spec) {
        if (shape.isEmpty()) {
            return TableFit.unusable(table, new JobProblem.NoSuchTable(table, CloseNames.to(table, tableNames, 3)));
        }
        TableShape found = shape.get();
        if (!found.isTable()) {
            return TableFit.unusable(table, new JobProblem.NotATable(table, found.kindName()));
        }
        List<JobProblem> problems = new ArrayList<>();
        Map<String, ColumnType> columns = found.columns();
        for (Map.Entry<String, String> field : spec.fields().byParameter().entrySet()) {
            String parameter = field.getKey();
            String column = field.getValue();
            FieldColumnType wanted = FieldColumnType.of(parameter);
            ColumnType type = columns.get(column);
            if (type == null) {
                List<String> close = CloseNames.to(column, columns.keySet(), 2);
                problems.add(wanted == null ? new JobProblem.MissingKeyColumn(parameter, table, column, close)
                        : new JobProblem.MissingColumn(parameter, table, column, wanted.createdSql(), close));
            } else if (wanted == null) {
                if (!found.uniqueColumns().contains(column)) {
                    problems.add(new JobProblem.KeyNotUnique(parameter, table, column));
                }
            } else if (!wanted.accepts(type.name())) {
                problems.add(new JobProblem.WrongColumnType(parameter, table, column, type.sql(), wanted.description()));
            }
        }
        TaskTableSetup setup = new TaskTableSetup(spec, found);
        return new TableFit(table, true, problems, setup.missingIndexes(), setup.missingTriggers(), setup.sql(), setup.steps());
    }

    /** The DDL offer as statements to run; the table must exist and be a table ({@link TableFit#usable()}). */
    TaskTableSetup setup(JobSpec spec) {
        return new TaskTableSetup(spec, shape.orElseThrow(() -> new IllegalStateException("no table " + table + " to set up")));
    }
}
