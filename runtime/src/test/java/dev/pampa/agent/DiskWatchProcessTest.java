package dev.pampa.agent;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.StatusReport;
import dev.pampa.store.monitor.NodeListing;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real agent whose base directory's disk is under its threshold (a threshold above any disk's size
 * stands in for a full disk): it takes no task for its worker, says so in the events, and status and
 * the Nodes screen's rows flag the node; an agent with room beside it serves the same job.
 */
class DiskWatchProcessTest {
    private static final String RECORDING = "dev.pampa.testing.jobs.RecordingProcessor";

    @Test
    void aNodeShortOfDiskTakesNoTasksAndIsFlaggedWhileANodeWithRoomWorks() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "agent-tests")), "disk");
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = Database.open(url, 2, "test"); RuntimeProcesses procs = new RuntimeProcesses()) {
            db.migrate();
            TaskTables.create(db, "items", 300);
            TaskTables.execute(db, "UPDATE items SET work_ms = 20");
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 5");
            TaskTables.execute(db, "INSERT INTO pampa.node (name, host) VALUES ('full', 'localhost'), ('roomy', 'localhost')");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"));
            RuntimeProcess full = procs.startAgent(url, "full", dir.resolve("f/agent.sock"), dir.resolve("agent-full.log"),
                    "--min-free-disk-mb", "999999999999");
            full.awaitLog("serves workers on", Duration.ofSeconds(60));
            procs.startServedWorker(url, "full.1", dir.resolve("f/agent.sock"), dir.resolve("full.1.log"));
            full.awaitLog("taking no new tasks", Duration.ofSeconds(30));
            Await.until(Duration.ofSeconds(30), "the full node flagged", () -> !new StatusReport(db.dsl()).lowDisks().isEmpty());

            RuntimeProcess roomy = procs.startAgent(url, "roomy", dir.resolve("r/agent.sock"), dir.resolve("agent-roomy.log"), "--min-free-disk-mb", "1");
            roomy.awaitLog("serves workers on", Duration.ofSeconds(60));
            procs.startServedWorker(url, "roomy.1", dir.resolve("r/agent.sock"), dir.resolve("roomy.1.log"));
            Await.until(Duration.ofSeconds(120), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 300);

            assertThat(TaskTables.count(db, "worker = 'full.1'", "runs")).as("tasks run on the node short of disk").isZero();
            assertThat(TaskTables.count(db, "worker = 'roomy.1'", "runs")).isEqualTo(300);
            assertThat(new StatusReport(db.dsl()).lowDisks()).singleElement().satisfies(l -> {
                assertThat(l.node()).isEqualTo("full");
                assertThat(l.minFreeMb()).isEqualTo(999999999999L);
                assertThat(l.describe()).startsWith("disk low: ").contains("its workers take no new tasks");
            });
            assertThat(new NodeListing(db.dsl()).rows()).filteredOn(r -> r.spec().name().equals("full")).singleElement()
                    .satisfies(r -> assertThat(r.state()).isEqualTo("disk low"));
            assertThat(new NodeListing(db.dsl()).rows()).filteredOn(r -> r.spec().name().equals("roomy")).singleElement()
                    .satisfies(r -> assertThat(r.problems()).isEmpty());
            assertThat(TaskTables.count(db, "kind = 'disk_low' AND message LIKE 'node full:%'", "pampa.event")).isEqualTo(1);
        }
    }
}
