package dev.pampa.store;

import dev.pampa.model.CloseNames;
import dev.pampa.model.JobSpec;
import dev.pampa.model.SpecProblem;
import dev.pampa.store.TaskTableSchema.ColumnType;
import dev.pampa.store.TaskTableSchema.TableShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a job's field map fits the live table: which columns are missing, which have the wrong type,
 * whether the key is unique. Every misfit is found, not only the first.
 */
public final class TaskTableCheck {
    private TaskTableCheck() {
    }

    /** A field column the table lacks, with the type {@code --create-columns} would give it. */
    public record MissingColumn(String parameter, String column, String sqlType) {
    }

    /**
     * What the check found.
     *
     * @param problems misfits that only the operator can fix (no table, wrong types, key not unique)
     * @param missing  field columns the table lacks: problems unless they are to be created
     */
    public record Findings(String table, List<SpecProblem> problems, List<MissingColumn> missing) {
        public List<SpecProblem> missingAsProblems() {
            return missing.stream().map(m -> new SpecProblem(m.parameter(),
                    "column " + m.column() + " is missing from table " + table,
                    "add it as " + m.sqlType() + ", or rerun job apply with --create-columns")).toList();
        }
    }

    /**
     * @param shape      the relation under the job's table name, empty when there is none
     * @param tableNames the operator's tables, asked for only when the table is not found
     */
    public static Findings check(JobSpec spec, Optional<TableShape> shape, Supplier<List<String>> tableNames) {
        List<SpecProblem> problems = new ArrayList<>();
        List<MissingColumn> missing = new ArrayList<>();
        if (shape.isEmpty()) {
            String hint = CloseNames.didYouMean(CloseNames.to(spec.table(), tableNames.get(), 3));
            problems.add(new SpecProblem("table", "no table " + spec.table() + " in the database",
                    hint.isEmpty() ? "create it, or name an existing table (schema.table when it is outside the search_path)" : hint));
            return new Findings(spec.table(), problems, missing);
        }
        TableShape table = shape.get();
        if (!table.isTable()) {
            problems.add(new SpecProblem("table", spec.table() + " is a " + table.kindName(),
                    "name a table: workers update the rows of the task table"));
            return new Findings(spec.table(), problems, missing);
        }
        Map<String, ColumnType> columns = table.columns();
        for (Map.Entry<String, String> field : spec.fields().byParameter().entrySet()) {
            String parameter = field.getKey();
            String column = field.getValue();
            FieldColumnType wanted = FieldColumnType.of(parameter);
            ColumnType found = columns.get(column);
            if (found == null) {
                if (wanted == null) {
                    String hint = CloseNames.didYouMean(CloseNames.to(column, columns.keySet(), 2));
                    problems.add(new SpecProblem(parameter, "column " + column + " is missing from table " + spec.table(),
                            "name the table's key column" + (hint.isEmpty() ? "" : ": " + hint)));
                } else {
                    missing.add(new MissingColumn(parameter, column, wanted.createdSql()));
                }
            } else if (wanted == null) {
                if (!table.uniqueColumns().contains(column)) {
                    problems.add(new SpecProblem(parameter, "column " + column + " of table " + spec.table()
                            + " is not unique on its own (no primary key or unique index on it alone)",
                            "make it the primary key or give it a unique index, or name a unique column"));
                }
            } else if (!wanted.accepted.contains(found.name())) {
                problems.add(new SpecProblem(parameter, "column " + column + " of table " + spec.table() + " is " + found.sql(),
                        "change its type to " + wanted.description + ", or name another column"));
            }
        }
        return new Findings(spec.table(), problems, missing);
    }
}
