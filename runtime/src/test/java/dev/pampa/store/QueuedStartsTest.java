package dev.pampa.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.api.SelectingFunction;
import dev.pampa.model.JobSpec;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent starts the rows it reserved by their keys, each fenced by its worker: a key taken back or
 * reserved for another worker meanwhile is not started.
 */
class QueuedStartsTest {
    private Database db;
    private NodeTasks tasks;

    @BeforeEach
    void setUp() {
        db = TestPostgres.migratedDatabase();
        TaskTables.create(db, "items", 10);
        JobSpec job = TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor");
        tasks = new NodeTasks(new TaskTable(job));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void queuedRowsStartByKeyOnlyWhileStillReservedForTheirWorker() {
        // reserve only (no start): keys 1..4 for n01.1, 5..6 for n01.2, round-robin as the agent's slots are
        Result<Record> reserved = db.dsl().transactionResult(cfg -> tasks.claim(org.jooq.impl.DSL.using(cfg),
                new String[] {"n01.1", "n01.2", "n01.1", "n01.2", "n01.1", "n01.1"}, new Boolean[] {false, false, false, false, false, false},
                SelectingFunction.DEFAULT, TaskTable.DEFAULT_MAX_ROW_BYTES));
        assertThat(reserved).hasSize(6);
        assertThat(reserved.getValues("pampa_start_time")).containsOnlyNulls();

        Map<String, ArrayDeque<Object>> queued = tasks.queuedByWorker(db.dsl(), List.of("n01.1", "n01.2", "n01.3"));
        assertThat(queued).containsOnlyKeys("n01.1", "n01.2");
        assertThat(queued.get("n01.1")).hasSize(4);
        assertThat(queued.get("n01.2")).hasSize(2);
        // the keys the claim returned and those a reload reads are the same values of the same class,
        // so one queue may hold both
        Object fromClaim = reserved.get(0).get("id");
        assertThat(queued.get(reserved.get(0).get("pampa_reservation_id", String.class))).contains(fromClaim);
        assertThat(queued.values().stream().flatMap(ArrayDeque::stream)).allMatch(k -> k.getClass() == fromClaim.getClass());

        List<Object> mine = new ArrayList<>(queued.get("n01.1"));
        Object takenBack = mine.get(0);
        Object othersKey = queued.get("n01.2").peekFirst();
        TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = NULL, pampa_reservation_time = NULL WHERE id = " + takenBack);

        List<Object> keys = new ArrayList<>(mine);
        keys.add(othersKey);
        String[] workers = {"n01.1", "n01.1", "n01.1", "n01.1", "n01.1"};
        Result<Record> started = db.dsl().transactionResult(cfg -> tasks.startQueued(org.jooq.impl.DSL.using(cfg), keys, workers));

        assertThat(new ArrayList<Object>(started.getValues("id"))).containsExactlyInAnyOrderElementsOf(mine.subList(1, 4));
        assertThat(started.getValues("pampa_start_time")).doesNotContainNull();
        assertThat(started.getValues("pampa_reservation_times", Integer.class)).containsOnly(1);
        assertThat(TaskTables.count(db, "id = " + takenBack + " AND pampa_start_time IS NULL AND pampa_reservation_id IS NULL", "items"))
                .as("the key taken back stays pending").isEqualTo(1);
        assertThat(TaskTables.count(db, "id = " + othersKey + " AND pampa_start_time IS NULL AND pampa_reservation_id = 'n01.2'", "items"))
                .as("another worker's key is not started for this one").isEqualTo(1);
        assertThat(tasks.startQueued(db.dsl(), List.of(), new String[0])).isEmpty();
    }
}
