package dev.pampa.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;

import static dev.pampa.store.schema.Tables.ASSIGNMENT;

/** Which workers each job may fill now, as the dispatcher last decided (pampa.assignment). */
public final class Assignments {
    private final DSLContext dsl;

    public Assignments(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Map<String, Set<String>> all() {
        Map<String, Set<String>> out = new HashMap<>();
        dsl.select(ASSIGNMENT.JOB, ASSIGNMENT.WORKER).from(ASSIGNMENT).fetch()
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new HashSet<>()).add(r.value2()));
        return out;
    }

    /** Replaces a job's assignment: removes the workers no longer in it, adds the new ones. */
    public void replace(String job, Set<String> before, List<String> after) {
        Set<String> removed = new HashSet<>(before);
        after.forEach(removed::remove);
        if (!removed.isEmpty()) {
            dsl.deleteFrom(ASSIGNMENT).where(ASSIGNMENT.JOB.eq(job).and(ASSIGNMENT.WORKER.in(removed))).execute();
        }
        List<String> added = after.stream().filter(w -> !before.contains(w)).toList();
        if (!added.isEmpty()) {
            // one statement for all: a cluster of a thousand workers is assigned in one round trip
            var insert = dsl.insertInto(ASSIGNMENT, ASSIGNMENT.JOB, ASSIGNMENT.WORKER);
            for (String w : added) {
                insert = insert.values(job, w);
            }
            insert.onConflictDoNothing().execute();
        }
    }
}
