package dev.pampa.store;

import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A task row's size as the statements that start tasks measure it, before the row is fetched:
 * {@code pg_column_size(row.*)}, the row as one value with its large columns read back and
 * decompressed, which is what a worker will hold (a toasted column's stored size may be a fraction of
 * that). Rows over the limit are ended dead in the statement that would have fetched them, with a
 * cause naming both sizes and the setting; the rows one statement returns stop at the limit in all,
 * so a batch of large rows cannot add up past what a worker holds either.
 */
final class RowSize {
    /** The picked row's size column. */
    static final String SIZE = "pampa_size";

    private RowSize() {
    }

    /**
     * The size of the table's row, for a query of that table under its own name (not aliased: a
     * selecting function may name its columns qualified).
     */
    static Field<Long> ofRow(Table<?> table) {
        return DSL.field("pg_column_size({0}.*)::bigint", SQLDataType.BIGINT, table).as(SIZE);
    }

    /** The running sum of the sizes of the rows not refused, over the window {@code pampa_w}. */
    static String runningSum(long limit) {
        return "sum(CASE WHEN " + SIZE + " <= " + limit + " THEN " + SIZE + " ELSE 0 END) OVER pampa_w";
    }

    /** Whether a numbered row ({@code pampa_numbered}) is taken: not refused, and within the limit in all (the first always). */
    static String taken(long limit) {
        return "pampa_numbered.pampa_size <= " + limit + " AND (pampa_numbered.pampa_sum <= " + limit
                + " OR pampa_numbered.pampa_sum = pampa_numbered.pampa_size)";
    }

    /** Whether a numbered row is refused. */
    static String refused(long limit) {
        return "pampa_numbered.pampa_size > " + limit;
    }

    /** The error text of a refused row: both sizes, the setting, the fix. */
    static String refusal(long limit) {
        return "'refused: the row is ' || pampa_numbered.pampa_size || ' bytes, more than the " + limit
                + " bytes a worker takes (--max-row-mb of the node''s agent, or of a worker without one); "
                + "raise it together with the workers'' heap, or keep large values out of the task table'";
    }
}
