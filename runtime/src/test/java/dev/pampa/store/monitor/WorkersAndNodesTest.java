package dev.pampa.store.monitor;

import dev.pampa.model.NodeAuth;
import dev.pampa.model.NodeSpec;
import dev.pampa.report.WorkerLiveness;
import dev.pampa.report.WorkersView;
import dev.pampa.store.Database;
import dev.pampa.store.DispatcherLease;
import dev.pampa.store.NodeStore;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The workers and nodes screens on a real database: registered workers, aged heartbeats, the lease. */
class WorkersAndNodesTest {
    private Database db;

    @BeforeEach
    void setUp() {
        db = TestPostgres.migratedDatabase();
        NodeStore nodes = new NodeStore(db.dsl());
        nodes.save(new NodeSpec("n01", "n01.example.org", 22, "pampa", NodeAuth.KEY, null, 4, "java", "~/.pampa", null, null));
        nodes.save(new NodeSpec("n02", "n02.example.org", 22, "pampa", NodeAuth.KEY, null, 2, "java", "~/.pampa", null, null));
        nodes.save(new NodeSpec("n03", "n03.example.org", 22, "pampa", NodeAuth.KEY, null, 8, "java", "~/.pampa", null, null));
        WorkerRegistry workers = new WorkerRegistry(db.dsl());
        workers.register("n01.1", "n01", "h1", 101, "0.1.0", "a", 10);
        workers.register("n01.2", "n01", "h1", 102, "0.1.0", "b", 10);
        workers.register("n01.3", "n01", "h1", 103, "0.0.9", "c", 10);
        workers.register("n02.1", "n02", "h2", 201, "0.1.0", "d", 10);
        workers.register("x.1", "x", "hx", 301, "0.1.0", "e", 10);
        workers.heartbeat("n01.1", "a", WorkerRegistry.RUNNING, "j", "42", 1_000, 3);
        workers.reportJobProblem("n01.2", "j", "class com.example.Missing not found");
        // n01.3 froze 30 s ago; n02.1 stopped a minute ago; x.1 was declared dead 2 minutes ago
        TaskTables.execute(db, "UPDATE pampa.worker SET heartbeat_at = now() - interval '30 seconds' WHERE name = 'n01.3'");
        workers.deregister("n02.1", "d", 5, 0);
        TaskTables.execute(db, "UPDATE pampa.worker SET heartbeat_at = now() - interval '60 seconds' WHERE name = 'n02.1'");
        TaskTables.execute(db, "UPDATE pampa.worker SET state = 'dead', heartbeat_at = now() - interval '120 seconds' WHERE name = 'x.1'");
        DispatcherLease lease = new DispatcherLease(db.dsl(), 10);
        lease.tryHold("disp-1", "n01", 999);
        lease.recordRound("disp-1", 12.5);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void workersShowTheirStateReconciledWithTheirHeartbeat() {
        WorkersView view = new WorkerStates(db.dsl()).read();
        assertThat(view.nodes()).extracting(WorkersView.NodeWorkers::node).containsExactly("n01", "n02", "x");
        List<WorkersView.WorkerRow> n01 = view.nodes().get(0).workers();
        assertThat(n01).extracting(WorkersView.WorkerRow::name).containsExactly("n01.1", "n01.2", "n01.3");
        assertThat(n01).extracting(WorkersView.WorkerRow::liveness)
                .containsExactly(WorkerLiveness.RUNNING, WorkerLiveness.RUNNING, WorkerLiveness.STALE);
        WorkersView.WorkerRow first = n01.get(0);
        assertThat(first.currentJob()).isEqualTo("j");
        assertThat(first.currentTask()).isEqualTo("42");
        assertThat(first.done()).isEqualTo(1_000);
        assertThat(first.failed()).isEqualTo(3);
        assertThat(first.heartbeatAgeSeconds()).isBetween(0.0, 5.0);
        assertThat(n01.get(1).jobProblems()).containsExactly("j: class com.example.Missing not found");
        assertThat(n01.get(2).registeredState()).isEqualTo("running");
        assertThat(n01.get(2).heartbeatAgeSeconds()).isBetween(30.0, 35.0);
        assertThat(view.nodes().get(1).workers().get(0).liveness()).isEqualTo(WorkerLiveness.STOPPED);
        assertThat(view.nodes().get(2).workers().get(0).liveness()).isEqualTo(WorkerLiveness.DEAD);

        assertThat(view.dispatcherLeading()).isTrue();
        assertThat(view.lease().holder()).isEqualTo("disp-1");
        assertThat(view.lease().node()).isEqualTo("n01");
        assertThat(view.lease().pid()).isEqualTo(999);
        assertThat(view.lease().expiresInSeconds()).isBetween(5.0, 10.0);
        assertThat(view.lease().lastRoundMs()).isEqualTo(12.5);
        assertThat(view.lease().lastRoundAgeSeconds()).isBetween(0.0, 5.0);

        TaskTables.execute(db, "UPDATE pampa.dispatcher_lease SET expires_at = now() - interval '1 second'");
        assertThat(new WorkerStates(db.dsl()).read().dispatcherLeading()).isFalse();
    }

    @Test
    void nodesCountTheirRunningWorkersAgainstTheirMaximum() {
        List<NodeOverview.NodeWorkload> rows = new NodeOverview(db.dsl()).read();
        assertThat(rows).extracting(NodeOverview.NodeWorkload::node).containsExactly("n01", "n02", "n03", "x");
        NodeOverview.NodeWorkload n01 = rows.get(0);
        assertThat(n01.stored()).isTrue();
        assertThat(n01.runningWorkers()).as("n01.3 is stale").isEqualTo(2);
        assertThat(n01.maxWorkers()).isEqualTo(4);
        assertThat(n01.runtimeVersions()).as("of the running workers").containsExactly("0.1.0");
        assertThat(n01.lastHeartbeatAgeSeconds()).isBetween(0.0, 5.0);
        NodeOverview.NodeWorkload n02 = rows.get(1);
        assertThat(n02.runningWorkers()).isZero();
        assertThat(n02.runtimeVersions()).as("of the last worker to heartbeat").containsExactly("0.1.0");
        assertThat(n02.lastHeartbeatAgeSeconds()).isBetween(60.0, 65.0);
        NodeOverview.NodeWorkload n03 = rows.get(2);
        assertThat(n03.runningWorkers()).isZero();
        assertThat(n03.runtimeVersions()).isEmpty();
        assertThat(n03.lastHeartbeatAgeSeconds()).isNull();
        NodeOverview.NodeWorkload x = rows.get(3);
        assertThat(x.stored()).isFalse();
        assertThat(x.maxWorkers()).isNull();

        TaskTables.execute(db, "UPDATE pampa.worker SET heartbeat_at = now() WHERE name = 'n01.3'");
        assertThat(new NodeOverview(db.dsl()).read().get(0).runtimeVersions()).as("a node mid-upgrade").containsExactly("0.0.9", "0.1.0");
    }
}
