package dev.pampa.agent;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.monitor.WorkerStates;
import dev.pampa.report.WorkersView;
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
 * What a real agent measures of its real worker processes and writes with its heartbeat: a worker
 * kept busy on CPU and disk shows it, an idle one beside it does not, and the figures agree with what
 * /proc says of the same processes.
 */
class NodeAgentResourcesTest {
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void dir() throws IOException {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "agent-tests")), "resources");
    }

    @Test
    void theAgentWritesEachWorkersCpuMemoryAndDiskWithItsHeartbeatAndItsOwn() throws Exception {
        DbUrl url = TestPostgres.freshDatabase();
        Path socket = dir.resolve("run/agent.sock");
        try (Database db = NodeAgentProcessTest.open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 400);
            TaskTables.execute(db, "UPDATE items SET work_ms = 200");
            // only n01.1 may run the job: n01.2 idles beside it
            TaskTables.job(db, "busy", "items", "dev.pampa.testing.jobs.BusyWriter", "queue_size: 2", "filter_worker_id: '^n01\\.1$'");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"));
            RuntimeProcess agent = procs.startAgent(url, "n01", socket, dir.resolve("agent.log"), "--heartbeat-ms", "1000");
            agent.awaitLog("serves workers on", Duration.ofSeconds(60));
            RuntimeProcess busy = procs.startServedWorker(url, "n01.1", socket, dir.resolve("w1.log"));
            RuntimeProcess idle = procs.startServedWorker(url, "n01.2", socket, dir.resolve("w2.log"));
            WorkerStates states = new WorkerStates(db.dsl());

            Await.until(Duration.ofSeconds(90), "the busy worker measured busier than the idle one, with disk writes", () -> {
                WorkersView.WorkerRow b = row(states.read(), "n01.1");
                WorkersView.WorkerRow i = row(states.read(), "n01.2");
                return b != null && i != null && b.usage().cpuPercent() != null && i.usage().cpuPercent() != null
                        && b.usage().cpuPercent() >= 20 && b.usage().cpuPercent() > i.usage().cpuPercent()
                        && b.usage().diskWriteBps() != null && b.usage().diskWriteBps() > 0;
            });

            WorkersView view = states.read();
            WorkersView.NodeWorkers node = view.nodes().stream().filter(n -> n.node().equals("n01")).findFirst().orElseThrow();
            assertThat(node.agent()).as("the node's agent row").isNotNull();
            assertThat(node.agent().pid()).isEqualTo(agent.pid());
            assertThat(node.agent().workers()).isEqualTo(2);
            assertThat(node.agent().usage().rssKb()).as("the agent's own resident set").isBetween(16L * 1024, 2L * 1024 * 1024);
            assertThat(node.agent().usage().netScope()).isEqualTo("netns");
            for (RuntimeProcess p : java.util.List.of(busy, idle)) {
                WorkersView.WorkerRow w = row(view, p.label().substring("worker ".length()));
                long procRss = vmRssKb(p.pid());
                assertThat(w.usage().rssKb()).as(p.label() + "'s RSS against /proc's " + procRss + " KB").isBetween(procRss / 2, procRss * 2);
                assertThat(w.usage().netRxBps()).as("network, its namespace's").isNotNull();
                assertThat(w.usage().netText()).endsWith("(namespace)");
            }

            busy.terminate();
            busy.waitFor(Duration.ofSeconds(30));
            Await.until(Duration.ofSeconds(15), "a stopped worker shows no figures", () -> {
                WorkersView.WorkerRow b = row(states.read(), "n01.1");
                return b != null && b.usage().rssKb() == null;
            });
        }
    }

    private static WorkersView.WorkerRow row(WorkersView view, String name) {
        return view.nodes().stream().flatMap(n -> n.workers().stream()).filter(w -> w.name().equals(name)).findFirst().orElse(null);
    }

    private static long vmRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").trim());
            }
        }
        throw new AssertionError("no VmRSS for " + pid);
    }
}
