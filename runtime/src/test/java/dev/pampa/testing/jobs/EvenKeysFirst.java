package dev.pampa.testing.jobs;

import dev.pampa.api.SelectingFunction;
import dev.pampa.api.TaskFields;
import java.util.List;
import org.jooq.Condition;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/** Test selecting function: only even keys, highest first. */
public final class EvenKeysFirst implements SelectingFunction {
    @Override
    public Condition filter(TaskFields f) {
        return DSL.field("{0} % 2", Long.class, f.primaryKey()).eq(0L);
    }

    @Override
    public List<? extends SortField<?>> order(TaskFields f) {
        return List.of(f.primaryKey().desc());
    }
}
