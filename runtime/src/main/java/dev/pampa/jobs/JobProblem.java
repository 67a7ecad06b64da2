package dev.pampa.jobs;

import dev.pampa.model.CloseNames;
import dev.pampa.model.SpecProblem;
import java.util.List;

/**
 * One thing that keeps a job from being stored: which parameter, what was found, what to do. Each kind
 * of problem has one wording, written here, that {@code job apply} prints and the cockpit's job editor
 * shows beside the field; the fix names both tools where they differ.
 */
public sealed interface JobProblem {

    /** The job parameter the problem is about, such as {@code table} or {@code field_success}. */
    String parameter();

    /** What was found. */
    String cause();

    /** What to do about it. */
    String fix();

    default SpecProblem asSpecProblem() {
        return new SpecProblem(parameter(), cause(), fix());
    }

    /** As printed by {@code job apply}: {@code parameter: cause — fix}. */
    default String line() {
        return asSpecProblem().toString();
    }

    /** No relation of that name (the search_path applies to an unqualified one). */
    record NoSuchTable(String table, List<String> closeNames) implements JobProblem {
        public String parameter() {
            return "table";
        }

        public String cause() {
            return "no table " + table + " in the database";
        }

        public String fix() {
            return closeNames.isEmpty() ? "create it, or name an existing table (schema.table when it is outside the search_path)"
                    : CloseNames.didYouMean(closeNames);
        }
    }

    /** The name is a view, a sequence…: workers update rows, so it must be a table. */
    record NotATable(String table, String kind) implements JobProblem {
        public String parameter() {
            return "table";
        }

        public String cause() {
            return table + " is a " + kind;
        }

        public String fix() {
            return "name a table: workers update the rows of the task table";
        }
    }

    /**
     * A tracking column the table lacks: {@code job apply --create-columns} and the job editor's
     * <i>Add columns and indexes…</i> add it, which is why it does not block those two.
     *
     * @param addedAs    the type they give it
     * @param closeNames columns of the table with a close name (a typo?)
     */
    record MissingColumn(String parameter, String table, String column, String addedAs, List<String> closeNames) implements JobProblem {
        public String cause() {
            return missing(column, table);
        }

        public String fix() {
            return (closeNames.isEmpty() ? "" : CloseNames.didYouMean(closeNames) + " If not, ")
                    + "add it as " + addedAs + " (job apply --create-columns, or Add columns and indexes… in the job editor),"
                    + " or name another column";
        }
    }

    /** The key column is not in the table: only the operator knows which column identifies a row. */
    record MissingKeyColumn(String parameter, String table, String column, List<String> closeNames) implements JobProblem {
        public String cause() {
            return missing(column, table);
        }

        public String fix() {
            return "name the table's key column" + (closeNames.isEmpty() ? "" : ": " + CloseNames.didYouMean(closeNames));
        }
    }

    /** The key column exists but two rows could share a value, so a task could not be told apart. */
    record KeyNotUnique(String parameter, String table, String column) implements JobProblem {
        public String cause() {
            return "column " + column + " of table " + table + " is not unique on its own (no primary key or unique index on it alone)";
        }

        public String fix() {
            return "make it the primary key or give it a unique index, or name a unique column";
        }
    }

    /**
     * A field column of a type the workers cannot write.
     *
     * @param found  the column's type as SQL writes it
     * @param wanted the types that would do
     */
    record WrongColumnType(String parameter, String table, String column, String found, String wanted) implements JobProblem {
        public String cause() {
            return "column " + column + " of table " + table + " is " + found;
        }

        public String fix() {
            return "change its type to " + wanted + ", or name another column";
        }
    }

    /** A class the job names that cannot be loaded from the jobs path or does not implement its interface. */
    record UnusableClass(String parameter, String cause, String fix) implements JobProblem {
        static UnusableClass of(SpecProblem p) {
            return new UnusableClass(p.parameter(), p.found(), p.fix());
        }
    }

    private static String missing(String column, String table) {
        return "column " + column + " is missing from table " + table;
    }
}
