package dev.pampa.api;

import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Which ended rows to put back to work, for jobs that re-process rows (for example every hour).
 * Each dispatcher round resets the matching rows that are not reserved to pending with their try
 * count at zero. Rows that ran too long or whose worker died are taken back by the dispatcher itself,
 * not through this function.
 *
 * <p>Default: none; a task that ended stays ended.
 */
public interface RelaunchingFunction {
    /** The condition on ended rows that selects the ones to relaunch; the default matches none. */
    default Condition relaunch(TaskFields f) {
        return DSL.falseCondition();
    }

    RelaunchingFunction DEFAULT = new RelaunchingFunction() { };
}
