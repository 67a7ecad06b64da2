package dev.pampa.store.monitor;

import dev.pampa.store.TaskTable;
import org.jooq.Field;
import org.jooq.impl.DSL;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.inline;

/**
 * What makes two failures "the same error" (docs/design.md §9.4), computed by PostgreSQL so that
 * groups, their totals and a group's retry all agree on any number of rows: the first line with quoted
 * values, UUIDs, hex values and numbers folded (a message that names its key or an amount is one group,
 * not one per task), and the top frame of the stack trace outside the JDK and Pampa, whose line number
 * is left out (the same failure on two lines of one method is one group).
 */
final class ErrorFingerprint {
    /** Folds, in order: quoted values, UUIDs, 0x hex, hex words of 6 or more with digits and letters, then any number. */
    private static final String[][] FOLDS = {
            {"'[^']*'|\"[^\"]*\"", "'…'"},
            {"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<id>"},
            {"0x[0-9a-fA-F]+", "<hex>"},
            {"\\m(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,}\\M", "<hex>"},
            {"[0-9]+([.,][0-9]+)*", "N"},
    };
    /** The first "at" line whose class is not the JDK's or Pampa's own: class and method, without the file and line. */
    private static final String APPLICATION_FRAME = "\\n\\s*at\\s+((?!java\\.|javax\\.|jdk\\.|sun\\.|com\\.sun\\.|dev\\.pampa\\.)[^(\\s]+)";
    static final String SEPARATOR = " @ ";

    private ErrorFingerprint() {
    }

    /** The folded first line. */
    static Field<String> message(TaskTable t) {
        Field<String> f = t.errorMessage();
        for (String[] fold : FOLDS) {
            f = DSL.regexpReplaceAll(f, inline(fold[0]), inline(fold[1]));
        }
        return f;
    }

    /** The top application frame, or null. */
    static Field<String> frame(TaskTable t) {
        return DSL.field("substring({0} from {1})", String.class, coalesce(t.errorDescription(), inline("")), inline(APPLICATION_FRAME));
    }

    /** The group key: the folded first line, and the frame after {@link #SEPARATOR} when there is one. */
    static Field<String> key(TaskTable t) {
        return message(t).concat(coalesce(inline(SEPARATOR).concat(frame(t)), inline("")));
    }
}
