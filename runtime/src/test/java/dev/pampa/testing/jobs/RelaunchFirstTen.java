package dev.pampa.testing.jobs;

import dev.pampa.api.RelaunchingFunction;
import dev.pampa.api.TaskFields;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** Test relaunching function: done rows with keys up to 10 go back to work. */
public final class RelaunchFirstTen implements RelaunchingFunction {
    @Override
    public Condition relaunch(TaskFields f) {
        return f.success().isTrue().and(DSL.condition("{0} <= 10", f.primaryKey()));
    }
}
