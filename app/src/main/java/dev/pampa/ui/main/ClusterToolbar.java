package dev.pampa.ui.main;

import dev.pampa.control.shell.NodeResult;
import dev.pampa.model.NodeSpec;
import dev.pampa.ui.common.CockpitSession;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.ToolBar;

/**
 * Start and Stop for the whole cluster: every node deployed and its workers started, the dispatcher on
 * the local node (or the first node when there is no local one); Stop ends them all through SIGTERM.
 */
final class ClusterToolbar {
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final CockpitSession session;
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ToolBar view;
    /** One line per node with its latest step while Start runs (and its outcome after), in the node order of the first step. */
    private final javafx.scene.layout.VBox steps = new javafx.scene.layout.VBox(1);
    private final java.util.Map<String, javafx.scene.control.Label> stepLines = new java.util.LinkedHashMap<>();

    ClusterToolbar(CockpitSession session) {
        this.session = session;
        Button start = dev.pampa.ui.common.Icons.on(new Button("Start"), dev.pampa.ui.common.Icons.START);
        start.setId("cluster-start");
        start.setOnAction(e -> start());
        Button stop = dev.pampa.ui.common.Icons.on(new Button("Stop"), dev.pampa.ui.common.Icons.STOP);
        stop.setId("cluster-stop");
        stop.setOnAction(e -> stop());
        start.disableProperty().bind(busy);
        stop.disableProperty().bind(busy);
        steps.setId("cluster-steps");
        steps.setFillWidth(true);
        view = new ToolBar(start, stop, steps);
    }

    ToolBar view() {
        return view;
    }

    private void start() {
        busy.set(true);
        steps.getChildren().clear();
        stepLines.clear();
        session.background().run("Starting the cluster", progress -> {
            List<NodeSpec> nodes = session.cluster().nodes();
            String dispatcherNode = nodes.stream().map(NodeSpec::name).filter(NodeSpec.LOCAL::equals).findFirst()
                    .orElse(nodes.isEmpty() ? null : nodes.get(0).name());
            // each step shown as it happens (the FX thread gets it within a pulse), not once Start ends
            return session.cluster().startCluster(dispatcherNode, (node, step) -> {
                progress.message(node + ": " + step);
                dev.pampa.ui.common.Background.onFx(() -> showStep(node, step));
            });
        }, this::reportFailures, this::failed);
    }

    private void showStep(String node, String step) {
        javafx.scene.control.Label line = stepLines.computeIfAbsent(node, n -> {
            javafx.scene.control.Label l = new javafx.scene.control.Label();
            l.setId("cluster-step-" + n);
            l.getStyleClass().add("cluster-step");
            steps.getChildren().add(l);
            return l;
        });
        line.setText(node + ": " + step);
        line.setStyle(step.startsWith("failed") ? "-fx-text-fill: #b00020;" : "");
    }

    private void stop() {
        busy.set(true);
        steps.getChildren().clear();
        stepLines.clear();
        session.background().run("Stopping the cluster", progress -> session.cluster().stopCluster(STOP_GRACE, (node, step) -> {
            progress.message(node + ": " + step);
            dev.pampa.ui.common.Background.onFx(() -> showStep(node, step));
        }), this::reportFailures, this::failed);
    }

    private void reportFailures(List<NodeResult<String>> results) {
        busy.set(false);
        String failed = results.stream().filter(r -> !r.ok()).map(r -> r.node() + ": " + r.problem())
                .collect(Collectors.joining("\n"));
        if (!failed.isEmpty()) {
            session.dialogs().showError("Some nodes failed", failed, "see each node's problem above; the other nodes went on");
        }
        // a limit a node cannot hold is said, not dropped: the start's one dialog for it
        String notHeld = results.stream().filter(NodeResult::ok).map(NodeResult::value).filter(m -> m != null)
                .flatMap(m -> m.lines().skip(1)).collect(Collectors.joining("\n"));
        if (!notHeld.isEmpty()) {
            session.dialogs().showInfo("Workers started, some limits not held", notHeld);
        }
    }

    private void failed(Throwable failure) {
        busy.set(false);
        session.report("Cluster operation", failure);
    }
}
