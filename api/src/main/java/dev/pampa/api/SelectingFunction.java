package dev.pampa.api;

import java.util.List;
import org.jooq.Condition;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * Which pending rows the dispatcher reserves next. The dispatcher always restricts to pending rows
 * (not reserved, not ended, tries left, retry delay passed) and skips rows locked by another
 * transaction; this function narrows and orders within them.
 *
 * <p>Default: every pending row, in primary key order.
 */
public interface SelectingFunction {
    /** An extra condition on pending rows; the default adds none. */
    default Condition filter(TaskFields f) {
        return DSL.noCondition();
    }

    /** The order in which pending rows are reserved; the default is the primary key, ascending. */
    default List<? extends SortField<?>> order(TaskFields f) {
        return List.of(f.primaryKey().asc());
    }

    SelectingFunction DEFAULT = new SelectingFunction() { };
}
