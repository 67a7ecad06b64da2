package dev.pampa.ui;

import dev.pampa.testing.ClassReferences;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cockpit's screens use no jOOQ, no SSH library and no store: they read through the session's
 * typed ports ({@code session.monitor()}, the control facades) and get records, so that SQL stays in
 * the runtime's store and SSH in control. Checked on the compiled classes, which also catches a fully
 * qualified name or a call whose result is a store type.
 */
class UiLayerTest {
    private static final List<String> FORBIDDEN = List.of("org.jooq.", "dev.pampa.store.", "org.apache.sshd.");
    /**
     * Where the cockpit still hands the store's Database to a control facade (ClusterActions, JobActions)
     * when it builds it: those facades are being replaced (one node facade, one job facade) and will take
     * the operator's database instead; until then these two constructions are the only store references
     * allowed, and nothing else in them.
     */
    private static final Map<String, Set<String>> FACADE_CONSTRUCTIONS = Map.of(
            "dev.pampa.ui.common.CockpitSession", Set.of("dev.pampa.store.Database"),
            "dev.pampa.ui.jobs.JobsScreen", Set.of("dev.pampa.store.Database"));

    @Test
    void noCockpitClassRefersToJooqTheStoreOrSshd() {
        Map<String, Set<String>> ui = ClassReferences.of(CockpitApp.class, "dev.pampa.ui");
        assertThat(ui).as("the cockpit's classes were found").containsKeys("dev.pampa.ui.dashboard.DashboardViewModel",
                "dev.pampa.ui.common.CockpitSession");
        Map<String, Set<String>> offending = new java.util.TreeMap<>(ClassReferences.offending(ui, FORBIDDEN));
        offending.entrySet().removeIf(e -> FACADE_CONSTRUCTIONS.getOrDefault(e.getKey(), Set.of()).equals(e.getValue()));
        assertThat(offending).isEmpty();
    }

    @Test
    void theCheckSeesTheStoreWhereItIs() {
        // the port behind the screens holds the store's Database: the scan must see it, or the rule above proves nothing
        Map<String, Set<String>> monitor = ClassReferences.of(CockpitApp.class, "dev.pampa.monitor");
        assertThat(ClassReferences.offending(monitor, FORBIDDEN).get("dev.pampa.monitor.Monitor"))
                .contains("dev.pampa.store.Database", "org.jooq.DSLContext");
    }
}
