package dev.pampa.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.model.NodeAuth;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.NodeStore.NodeRemoval;
import dev.pampa.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeStoreTest {
    private final Database db = TestPostgres.migratedDatabase();
    private final NodeStore nodes = new NodeStore(db.dsl());

    @AfterEach
    void close() {
        db.close();
    }

    private static NodeSpec node(String name, int maxWorkers) {
        return new NodeSpec(name, name + ".example.org", 2222, "pampa", NodeAuth.KEY, "~/.ssh/id_ed25519", maxWorkers,
                "java", "~/.pampa", 512, 100);
    }

    @Test
    void savedNodesAreFoundAsSavedInNameOrder() {
        NodeSpec b = node("b", 2);
        NodeSpec a = new NodeSpec("a", "h", 22, "u", NodeAuth.PASSWORD, null, 1, "java", "~/.pampa", null, null);

        assertThat(nodes.save(b)).isTrue();
        assertThat(nodes.save(a)).isTrue();

        assertThat(nodes.find("b")).get().extracting(NodeStore.StoredNode::spec).isEqualTo(b);
        assertThat(nodes.all()).extracting(NodeStore.StoredNode::spec).containsExactly(a, b);
        assertThat(nodes.find("c")).isEmpty();
    }

    @Test
    void savingAgainReplacesTheNodeAndKeepsWhenItWasAdded() {
        nodes.save(node("n", 1));
        NodeStore.StoredNode first = nodes.find("n").orElseThrow();

        assertThat(nodes.save(node("n", 7))).isFalse();

        NodeStore.StoredNode second = nodes.find("n").orElseThrow();
        assertThat(second.spec().maxWorkers()).isEqualTo(7);
        assertThat(second.createdAt()).isEqualTo(first.createdAt());
        assertThat(second.updatedAt()).isAfterOrEqualTo(first.updatedAt());
        assertThat(nodes.all()).hasSize(1);
    }

    @Test
    void removeIsRefusedWhileAWorkerOfTheNodeRunsOrStops() {
        nodes.save(node("n", 2));
        WorkerRegistry workers = new WorkerRegistry(db.dsl());
        workers.register("n.1", "n", "n.example.org", 101, "test", "inc-1", 30);
        workers.register("n.2", "n", "n.example.org", 102, "test", "inc-2", 30);
        workers.register("other.1", "other", "o", 103, "test", "inc-3", 30);
        db.dsl().execute("UPDATE pampa.worker SET state = 'stopping' WHERE name = 'n.2'");

        assertThat(nodes.remove("n")).isEqualTo(new NodeRemoval(NodeRemoval.Outcome.WORKERS_ACTIVE, java.util.List.of("n.1", "n.2")));
        assertThat(nodes.find("n")).isPresent();

        workers.deregister("n.1", "inc-1", 0, 0);
        db.dsl().execute("UPDATE pampa.worker SET state = 'dead' WHERE name = 'n.2'");
        assertThat(nodes.remove("n").outcome()).isEqualTo(NodeRemoval.Outcome.REMOVED);
        assertThat(nodes.find("n")).isEmpty();
    }

    @Test
    void removingAnUnknownNodeSaysSo() {
        assertThat(nodes.remove("ghost").outcome()).isEqualTo(NodeRemoval.Outcome.UNKNOWN);
    }

    @Test
    void aNodesLastProbeReplacesTheOneBeforeAndGoesWithTheNode() {
        nodes.save(node("n1", 2));
        var at = java.time.OffsetDateTime.parse("2026-01-02T03:04:05Z");

        assertThat(nodes.recordProbe("n1", new NodeStore.ProbeFacts(at, "Linux", "x86_64", 4, 8_000_000L, 1_000_000L, "17.0.2",
                java.util.List.of("probe java: old — upgrade")))).isTrue();
        assertThat(nodes.recordProbe("n1", new NodeStore.ProbeFacts(at.plusHours(1), "Linux", "aarch64", 8, 16_000_000L, null, "21.0.1",
                java.util.List.of()))).isTrue();
        assertThat(nodes.recordProbe("nobody", new NodeStore.ProbeFacts(at, null, null, null, null, null, null, java.util.List.of()))).isFalse();

        assertThat(nodes.probes()).containsOnlyKeys("n1");
        NodeStore.ProbeFacts kept = nodes.probes().get("n1");
        assertThat(kept.probedAt().toInstant()).isEqualTo(at.plusHours(1).toInstant());
        assertThat(kept.architecture()).isEqualTo("aarch64");
        assertThat(kept.cpuCount()).isEqualTo(8);
        assertThat(kept.freeDiskKb()).isNull();
        assertThat(kept.problems()).isEmpty();

        assertThat(nodes.remove("n1").outcome()).isEqualTo(NodeRemoval.Outcome.REMOVED);
        assertThat(nodes.probes()).isEmpty();
    }
}
