package dev.pampa.agent;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor that kills its worker, or hangs ignoring interruption, costs only its own task: real
 * agent (supervising, as the operator starts it), worker and dispatcher processes, a real PostgreSQL.
 */
class HostileProcessorsTest {
    /** The node's base directory: run/ (pid files, the socket) and logs/, as the operator's start lays them out. */
    Path base;

    @BeforeEach
    void base(TestInfo info) throws IOException {
        base = Files.createTempDirectory(Files.createDirectories(Path.of("target", "agent-tests")), info.getTestMethod().orElseThrow().getName().substring(0, 12));
        Files.createDirectories(base.resolve("run"));
        Files.createDirectories(base.resolve("logs"));
    }

    /** Workers the agent restarted are none of RuntimeProcesses': end whatever the pid files name. */
    @AfterEach
    void killRestarted() throws IOException {
        try (var files = Files.list(base.resolve("run"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(f).strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private RuntimeProcess agent(RuntimeProcesses procs, DbUrl url) {
        RuntimeProcess agent = procs.startAgent(url, "n01", socket(), base.resolve("logs/agent.log"), "--supervise-base", base.toString());
        agent.awaitLog("serves workers on", Duration.ofSeconds(60));
        return agent;
    }

    private Path socket() {
        return base.resolve("run/agent/agent.sock");
    }

    /** A worker as the node's start script leaves it: its log under logs/, its pid in run/NAME.pid. */
    private RuntimeProcess worker(RuntimeProcesses procs, DbUrl url, String name) throws IOException {
        RuntimeProcess w = procs.startServedWorker(url, name, socket(), base.resolve("logs/" + name + ".log"));
        Files.writeString(base.resolve("run/" + name + ".pid"), w.pid() + "\n", StandardCharsets.UTF_8);
        return w;
    }

    private long pidOf(String worker) throws IOException {
        return Long.parseLong(Files.readString(base.resolve("run/" + worker + ".pid")).strip());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void aTaskThatKillsEveryWorkerItMeetsEndsDeadAloneTheOthersRunOnceAndTheWorkersAreRestarted() throws Exception {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = NodeAgentProcessTest.open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 200);
            TaskTables.execute(db, "UPDATE items SET work_ms = CASE WHEN id = 7 THEN -1 ELSE 5 END");
            TaskTables.job(db, "kill", "items", "dev.pampa.testing.jobs.KillsItsWorker", "queue_size: 20", "max_try_times: 3");
            procs.startDispatcher(url, base.resolve("logs/dispatcher.log"));
            RuntimeProcess agent = agent(procs, url);
            List<Long> firstPids = new ArrayList<>();
            firstPids.add(worker(procs, url, "n01.1").pid());
            firstPids.add(worker(procs, url, "n01.2").pid());
            Await.until(Duration.ofSeconds(180), "every other task done and key 7 dead",
                    () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 199 && TaskTables.count(db, "id = 7 AND pampa_end_time IS NOT NULL", "items") == 1);

            assertThat(TaskTables.string(db, "SELECT pampa_success || ' ' || pampa_reservation_times FROM items WHERE id = 7")).isEqualTo("false 3");
            assertThat(TaskTables.string(db, "SELECT pampa_error_description FROM items WHERE id = 7"))
                    .startsWith(NodeAgent.KILLED_ITS_WORKER + "\nworker n01.");
            assertThat(TaskTables.count(db, "task_id = 7", "runs")).as("key 7 ran max_try_times times").isEqualTo(3);
            assertThat(TaskTables.count(db, "id <> 7 AND pampa_reservation_times <> 1", "items")).as("no innocent task charged a try").isZero();
            assertThat(TaskTables.count(db, "task_id <> 7", "runs")).as("each other task ran once").isEqualTo(199);
            assertThat(TaskTables.count(db, "kind = 'worker_died'", "pampa.event")).as("a worker died for each try of key 7").isEqualTo(3);
            Await.until(Duration.ofSeconds(90), "both workers running again, restarted by the agent", () -> {
                try {
                    return alive(pidOf("n01.1")) && alive(pidOf("n01.2")) && TaskTables.count(db, "state = 'running'", "pampa.worker") == 2;
                } catch (IOException e) {
                    return false;
                }
            });
            assertThat(List.of(pidOf("n01.1"), pidOf("n01.2"))).as("new processes in the pid files").doesNotContainAnyElementsOf(firstPids);
            assertThat(agent.log()).contains("restarted worker n01.");
            assertThat(Files.readString(base.resolve("logs/n01.1.log")) + Files.readString(base.resolve("logs/n01.2.log")))
                    .contains("restarting n01.");
        }
    }

    @Test
    void aProcessorIgnoringInterruptionCostsOnlyItsTaskAndItsWorkerRestartsInsteadOfLeakingTheThread() throws Exception {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = NodeAgentProcessTest.open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 60);
            TaskTables.execute(db, "UPDATE items SET work_ms = 5");
            TaskTables.job(db, "hang", "items", "dev.pampa.testing.jobs.IgnoresInterruption", "queue_size: 20", "max_job_duration_minutes: 1");
            // the dispatcher's take-back of overdue tries is the one that charged the tasks waiting behind a hung one
            procs.startDispatcher(url, base.resolve("logs/dispatcher.log"));
            RuntimeProcess agent = agent(procs, url);
            RuntimeProcess first = worker(procs, url, "n01.1");
            Await.until(Duration.ofSeconds(60), "key 3 hanging", () -> TaskTables.count(db, "task_id = 3", "runs") == 1);
            assertThat(first.waitFor(Duration.ofSeconds(120))).as("exits to be restarted, log:\n" + first.logTail(20)).isEqualTo(16);
            Await.until(Duration.ofSeconds(120), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 60);

            assertThat(TaskTables.string(db, "SELECT pampa_reservation_times FROM items WHERE id = 3")).as("only its own try charged").isEqualTo("2");
            assertThat(TaskTables.count(db, "id <> 3 AND pampa_reservation_times <> 1", "items")).as("no task behind it charged a try").isZero();
            assertThat(TaskTables.count(db, "task_id <> 3", "runs")).as("each other task ran once").isEqualTo(59);
            assertThat(first.log()).contains("ignores interruption", "exiting to be restarted");
            assertThat(agent.log()).contains("restarted worker n01.1");
            assertThat(pidOf("n01.1")).isNotEqualTo(first.pid());
            assertThat(alive(pidOf("n01.1"))).isTrue();
        }
    }
}
