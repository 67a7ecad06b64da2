package dev.pampa.ui.onboarding;

import dev.pampa.ui.common.NodeForm;
import dev.pampa.ui.common.DialogService;
import dev.pampa.ui.onboarding.OnboardingViewModel.Check;
import dev.pampa.ui.onboarding.OnboardingViewModel.CheckState;
import dev.pampa.ui.onboarding.OnboardingViewModel.Page;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import atlantafx.base.theme.Styles;
import dev.pampa.ui.common.Icons;
import dev.pampa.ui.common.Windows;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The onboarding wizard's window: lays out and binds {@link OnboardingViewModel}; holds no rule of its own. */
public final class OnboardingWizard {

    private final OnboardingViewModel vm;
    private final DialogService dialogs;
    private final Runnable close;
    private final BooleanProperty showAllProblems = new SimpleBooleanProperty();
    private final BorderPane root = new BorderPane();

    public OnboardingWizard(OnboardingViewModel vm, DialogService dialogs, Runnable close) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.close = close;
        root.setId("onboarding-wizard");
        root.setPadding(new Insets(16));
        root.setLeft(pageList());
        StackPane pages = new StackPane(nodePage(), checkPage(), deployPage());
        pages.setAlignment(Pos.TOP_LEFT);
        pages.setPadding(new Insets(0, 0, 0, 20));
        root.setCenter(pages);
        root.setBottom(bottom());
    }

    /** Opens the wizard in its own window over {@code owner}. */
    public static Stage open(Window owner, OnboardingViewModel vm, DialogService dialogs) {
        Stage stage = new Stage();
        stage.setTitle("Add a node");
        OnboardingWizard wizard = new OnboardingWizard(vm, dialogs, stage::close);
        stage.setScene(Windows.sceneFor(wizard.root, owner, 860, 560));
        Windows.showOver(stage, owner);
        return stage;
    }

    public Parent view() {
        return root;
    }

    private VBox pageList() {
        VBox list = new VBox(10);
        list.setPadding(new Insets(4, 16, 0, 0));
        list.setMinWidth(170);
        list.getStyleClass().add(Styles.BORDER_DEFAULT);
        list.setStyle("-fx-border-width: 0 1 0 0;");
        for (Page p : Page.values()) {
            Label l = new Label(p.title());
            l.setId("wizard-page-" + p.name().toLowerCase(java.util.Locale.ROOT));
            Runnable mark = () -> {
                boolean current = vm.pageProperty().get() == p;
                l.getStyleClass().removeAll(Styles.ACCENT, Styles.TEXT_BOLD, Styles.TEXT_MUTED);
                l.getStyleClass().addAll(current ? List.of(Styles.ACCENT, Styles.TEXT_BOLD) : List.of(Styles.TEXT_MUTED));
            };
            mark.run();
            vm.pageProperty().addListener((o, was, now) -> mark.run());
            list.getChildren().add(l);
        }
        return list;
    }

    private Region nodePage() {
        NodeForm f = vm.form();
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(4);
        grid.getColumnConstraints().addAll(new ColumnConstraints(130), new ColumnConstraints(300, 360, Double.MAX_VALUE, Priority.ALWAYS, null, true));
        int[] row = {0};
        TextField name = field("wizard-name", f.name, "n01");
        addRow(grid, row, "Name", name, "name");
        addRow(grid, row, "Host", field("wizard-host", f.host, "host name or IP address"), "host");
        addRow(grid, row, "SSH port", field("wizard-port", f.port, "22"), "port");
        addRow(grid, row, "User", field("wizard-user", f.user, "the SSH user on the node"), "user");
        ChoiceBox<NodeForm.Auth> auth = new ChoiceBox<>();
        auth.setId("wizard-auth");
        auth.getItems().setAll(NodeForm.Auth.values());
        auth.valueProperty().bindBidirectional(f.auth);
        addRow(grid, row, "Log in with", auth, "auth");
        TextField keyFile = field("wizard-keyfile", f.keyFile, "~/.ssh/id_ed25519");
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> dialogs.chooseFileToOpen("Private key file", List.of()).ifPresent(p -> f.keyFile.set(p.toString())));
        HBox keyRow = new HBox(6, keyFile, browse);
        HBox.setHgrow(keyFile, Priority.ALWAYS);
        PasswordField passphrase = new PasswordField();
        passphrase.setId("wizard-passphrase");
        passphrase.setPromptText("only if the key file has one");
        passphrase.textProperty().bindBidirectional(vm.passphrase);
        var keyChosen = f.auth.isEqualTo(NodeForm.Auth.KEY_FILE);
        keyRow.disableProperty().bind(keyChosen.not());
        passphrase.disableProperty().bind(keyChosen.not());
        addRow(grid, row, "Key file", keyRow, null);
        addRow(grid, row, "Passphrase", passphrase, null);
        addRow(grid, row, "Java command", field("wizard-java", f.javaCommand, "java"), "java_command");
        addRow(grid, row, "Base directory", field("wizard-basedir", f.baseDir, "~/.pampa"), "base_dir");
        Label hint = new Label("With a password, Pampa logs in once to add its own key to ~/.ssh/authorized_keys; "
                + "the password is asked for then, and never stored.");
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        VBox page = new VBox(12, title("The node to add"), grid, hint);
        page.visibleProperty().bind(vm.pageProperty().isEqualTo(Page.NODE));
        return page;
    }

    private TextField field(String id, javafx.beans.property.StringProperty value, String prompt) {
        TextField t = new TextField();
        t.setId(id);
        t.setPromptText(prompt);
        t.textProperty().bindBidirectional(value);
        return t;
    }

    private void addRow(GridPane grid, int[] row, String label, javafx.scene.Node input, String parameter) {
        grid.add(new Label(label), 0, row[0]);
        grid.add(input, 1, row[0]);
        row[0]++;
        if (parameter != null) {
            Label problem = new Label();
            problem.setId("problem-" + parameter);
            problem.setWrapText(true);
            problem.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
            BooleanProperty touched = new SimpleBooleanProperty();
            input.focusedProperty().addListener((o, was, now) -> {
                if (!now) {
                    touched.set(true);
                }
            });
            problem.textProperty().bind(Bindings.when(touched.or(showAllProblems))
                    .then(Bindings.stringValueAt(vm.form().problems(), parameter)).otherwise((String) null));
            problem.managedProperty().bind(problem.textProperty().isNotEmpty());
            problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
            grid.add(problem, 1, row[0]);
            row[0]++;
        }
    }

    private Region checkPage() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.getColumnConstraints().addAll(new ColumnConstraints(24), new ColumnConstraints(250), new ColumnConstraints(300, 420, Double.MAX_VALUE, Priority.ALWAYS, null, true));
        int r = 0;
        for (Check c : vm.checks()) {
            Label mark = new Label();
            mark.setId("check-mark-" + r);
            Runnable show = () -> {
                CheckState state = c.stateProperty().get();
                mark.setGraphic(Icons.of(switch (state) {
                    case WAITING -> Icons.WAITING;
                    case RUNNING -> Icons.RUNNING;
                    case PASSED -> Icons.PASSED;
                    case FAILED -> Icons.FAILED;
                    case SKIPPED -> Icons.SKIPPED;
                }));
                mark.setAccessibleText(state.name().toLowerCase(java.util.Locale.ROOT));
                mark.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, Styles.ACCENT, Styles.TEXT_MUTED);
                mark.getStyleClass().add(switch (state) {
                    case PASSED -> Styles.SUCCESS;
                    case FAILED -> Styles.DANGER;
                    case RUNNING -> Styles.ACCENT;
                    default -> Styles.TEXT_MUTED;
                });
            };
            show.run();
            c.stateProperty().addListener((o, was, now) -> show.run());
            Label name = new Label(c.name());
            Label detail = new Label();
            detail.setId("check-detail-" + r);
            detail.setWrapText(true);
            detail.textProperty().bind(c.detailProperty());
            c.stateProperty().addListener((o, was, now) -> detail.pseudoClassStateChanged(Styles.STATE_DANGER, now == CheckState.FAILED));
            grid.addRow(r++, mark, name, detail);
        }
        Button again = Icons.on(new Button("Check again"), Icons.REFRESH);
        again.setId("wizard-check-again");
        again.setOnAction(e -> vm.checkAgain());
        again.disableProperty().bind(vm.busyProperty());
        // once the probe found the node ready it is saved: say so here, with what it found, before going on
        Label ready = new Label();
        ready.setId("wizard-probe-result");
        ready.setWrapText(true);
        ready.getStyleClass().add(Styles.SUCCESS);
        ready.textProperty().bind(Bindings.createStringBinding(() -> vm.savedNodeProperty().get() == null ? ""
                : "Node " + vm.savedNodeProperty().get().name() + " is ready and saved. Next: how many workers it runs, then deploy Pampa to it.",
                vm.savedNodeProperty()));
        ready.managedProperty().bind(ready.textProperty().isNotEmpty());
        ready.visibleProperty().bind(ready.managedProperty());
        VBox page = new VBox(14, title("Connecting and checking the node"), grid, ready, again);
        page.visibleProperty().bind(vm.pageProperty().isEqualTo(Page.CHECK));
        return page;
    }

    private Region deployPage() {
        Label saved = new Label();
        saved.setId("wizard-saved");
        saved.setWrapText(true);
        saved.textProperty().bind(Bindings.createStringBinding(() -> vm.savedNodeProperty().get() == null ? ""
                : "Node " + vm.savedNodeProperty().get().name() + " is saved and ready. Choose how many workers it runs, "
                        + "send it Pampa's runtime and the job jars, then start its workers.", vm.savedNodeProperty()));
        Spinner<Integer> max = new Spinner<>(1, 1000, 1);
        max.setId("wizard-max-workers");
        max.setEditable(true);
        max.getValueFactory().valueProperty().addListener((o, was, now) -> vm.maxWorkers.set(now == null ? 1 : now));
        vm.maxWorkers.addListener((o, was, now) -> max.getValueFactory().setValue(now.intValue()));
        Label maxHint = new Label();
        maxHint.textProperty().bind(Bindings.createStringBinding(() -> vm.probeProperty().get() == null || vm.probeProperty().get().cpuCount() == null
                ? "" : "default: one per CPU (" + vm.probeProperty().get().cpuCount() + ")", vm.probeProperty()));
        maxHint.getStyleClass().add(Styles.TEXT_MUTED);
        Button deploy = Icons.action(new Button("Deploy"), Icons.DEPLOY, true);
        deploy.setId("wizard-deploy");
        deploy.setOnAction(e -> vm.deploy());
        deploy.disableProperty().bind(vm.busyProperty());
        ProgressBar progress = new ProgressBar(0);
        progress.setId("wizard-deploy-progress");
        progress.setPrefWidth(360);
        progress.progressProperty().bind(vm.deployProgressProperty());
        // no empty bar before anything is sent: it shows from the deploy's first step, its status under it
        progress.visibleProperty().bind(vm.deployStatusProperty().isNotEmpty());
        Label status = new Label();
        status.setId("wizard-deploy-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.deployStatusProperty());
        Button start = Icons.on(new Button("Start workers"), Icons.START);
        start.setId("wizard-start-workers");
        start.setOnAction(e -> vm.startWorkers());
        start.disableProperty().bind(vm.busyProperty().or(vm.deployReportProperty().isNull()));
        Label workers = new Label();
        workers.setId("wizard-workers-status");
        workers.textProperty().bind(vm.workersStatusProperty());
        VBox page = new VBox(12, title("Deploy and start"), saved, new HBox(10, new Label("Max workers"), max, maxHint),
                new HBox(10, deploy, progress), status, new HBox(10, start, workers));
        ((HBox) page.getChildren().get(2)).setAlignment(Pos.CENTER_LEFT);
        ((HBox) page.getChildren().get(3)).setAlignment(Pos.CENTER_LEFT);
        ((HBox) page.getChildren().get(5)).setAlignment(Pos.CENTER_LEFT);
        page.visibleProperty().bind(vm.pageProperty().isEqualTo(Page.DEPLOY));
        return page;
    }

    private Region bottom() {
        Label problem = new Label();
        problem.setId("wizard-problem");
        problem.setWrapText(true);
        problem.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_BOLD);
        problem.textProperty().bind(vm.problemProperty());
        Label fix = new Label();
        fix.setId("wizard-fix");
        fix.setWrapText(true);
        fix.textProperty().bind(Bindings.when(vm.fixProperty().isEmpty()).then("").otherwise(Bindings.concat("What to do: ", vm.fixProperty())));
        Button cancel = new Button("Close");
        cancel.setId("wizard-close");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close.run());
        Button back = Icons.on(new Button("Back"), Icons.BACK);
        back.setId("wizard-back");
        back.setOnAction(e -> vm.back());
        back.disableProperty().bind(vm.canGoBack().not());
        Button next = new Button("Next");
        next.setGraphic(Icons.of(Icons.NEXT));
        next.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
        next.setId("wizard-next");
        next.setDefaultButton(true);
        next.setOnAction(e -> {
            showAllProblems.set(true);
            vm.next();
        });
        next.disableProperty().bind(vm.canGoNext().not());
        Button finish = Icons.action(new Button("Finish"), Icons.SAVE, true);
        finish.setId("wizard-finish");
        finish.setOnAction(e -> close.run());
        finish.disableProperty().bind(vm.canFinish().not());
        // what the wizard waits for, in words beside the spinner: never an unlabelled bar
        ProgressIndicator spinner = new ProgressIndicator(-1);
        spinner.setPrefSize(16, 16);
        Label waiting = new Label();
        waiting.setId("wizard-busy");
        waiting.textProperty().bind(vm.busyText());
        waiting.setGraphic(spinner);
        waiting.visibleProperty().bind(vm.busyProperty());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox buttons = new HBox(8, waiting, spring, cancel, back, next, finish);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox box = new VBox(6, problem, fix, buttons);
        box.setPadding(new Insets(12, 0, 0, 0));
        return box;
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TITLE_3);
        return l;
    }
}
