package dev.pampa.work;

import dev.pampa.store.EventLog;
import dev.pampa.store.StatementBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * Writes a batch of try outcomes with as few statements as possible: tries that ended done on the
 * same job, try number and staged values go as one set-based UPDATE; the rest as one JDBC batch of
 * single-row statements. Every write is fenced; the outcomes the fence rejected are returned.
 */
final class OutcomeWriter {
    private OutcomeWriter() {
    }

    private record GroupKey(String job, int tryNumber, Map<String, Object> staged) {
    }

    static List<TryOutcome> write(Connection c, DSLContext tx, String worker, List<TryOutcome> outcomes) throws SQLException {
        List<TryOutcome> rejected = new ArrayList<>();
        Map<GroupKey, List<TryOutcome>> doneGroups = new LinkedHashMap<>();
        List<TryOutcome> single = new ArrayList<>();
        for (TryOutcome o : outcomes) {
            if (o.kind() == TryOutcome.Kind.DONE) {
                doneGroups.computeIfAbsent(new GroupKey(o.job().name(), o.tryNumber(), o.staged()), k -> new ArrayList<>()).add(o);
            } else {
                single.add(o);
            }
        }
        for (List<TryOutcome> group : doneGroups.values()) {
            if (group.size() == 1 || !sameKeyClass(group)) {
                single.addAll(group);
                continue;
            }
            TryOutcome first = group.get(0);
            Set<Object> written = first.job().table.finishDoneAll(tx, worker, group.stream().map(TryOutcome::key).toList(), first.tryNumber(), first.staged());
            group.stream().filter(o -> !written.contains(o.key())).forEach(rejected::add);
        }
        if (!single.isEmpty()) {
            List<Query> queries = single.stream().map(o -> switch (o.kind()) {
                case DONE -> o.job().table.finishDone(tx, worker, o.key(), o.tryNumber(), o.staged());
                case FAILED -> o.job().table.finishFailed(tx, worker, o.key(), o.tryNumber(), o.error());
                case HANDED_BACK -> o.job().table.unstart(tx, worker, o.key(), o.tryNumber());
            }).toList();
            int[] counts = StatementBatch.execute(c, queries);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    rejected.add(single.get(i));
                }
            }
        }
        recordEndings(tx, worker, outcomes, rejected);
        return rejected;
    }

    /** Tries that gave up or timed out, as events in the same transaction as the writes. */
    private static void recordEndings(DSLContext tx, String worker, List<TryOutcome> outcomes, List<TryOutcome> rejected) {
        EventLog events = new EventLog(tx);
        for (TryOutcome o : outcomes) {
            if (o.kind() != TryOutcome.Kind.FAILED || rejected.contains(o)) {
                continue;
            }
            if (o.timedOut()) {
                events.record(EventLog.TASK_TIMED_OUT, o.job().name(), worker, o.key(),
                        "try " + o.tryNumber() + " ran longer than max_job_duration_minutes and was interrupted by the worker");
            }
            if (o.givesUp()) {
                events.record(EventLog.TASK_GIVEN_UP, o.job().name(), worker, o.key(), "tries used up (max_try_times) after: " + firstLine(o.error()));
            }
        }
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    private static boolean sameKeyClass(List<TryOutcome> group) {
        Class<?> c = group.get(0).key().getClass();
        return group.stream().allMatch(o -> Objects.equals(o.key().getClass(), c));
    }
}
