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
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
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
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The onboarding wizard's window: lays out and binds {@link OnboardingViewModel}; holds no rule of its own. */
public final class OnboardingWizard {
    private static final String ERROR_STYLE = "-fx-text-fill: #b00020;";

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
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle("Add a node");
        OnboardingWizard wizard = new OnboardingWizard(vm, dialogs, stage::close);
        stage.setScene(new Scene(wizard.view(), 860, 560));
        stage.show();
        return stage;
    }

    public Parent view() {
        return root;
    }

    private VBox pageList() {
        VBox list = new VBox(10);
        list.setPadding(new Insets(4, 16, 0, 0));
        list.setMinWidth(170);
        list.setStyle("-fx-border-color: transparent #d0d0d0 transparent transparent;");
        for (Page p : Page.values()) {
            Label l = new Label(p.title());
            l.styleProperty().bind(Bindings.when(vm.pageProperty().isEqualTo(p))
                    .then("-fx-font-weight: bold; -fx-text-fill: #1a5fb4;").otherwise("-fx-text-fill: #666666;"));
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
        hint.setStyle("-fx-text-fill: #555555;");
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
            problem.setStyle(ERROR_STYLE + " -fx-font-size: 11px;");
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
        grid.getColumnConstraints().addAll(new ColumnConstraints(24), new ColumnConstraints(210), new ColumnConstraints(300, 420, Double.MAX_VALUE, Priority.ALWAYS, null, true));
        int r = 0;
        for (Check c : vm.checks()) {
            Label mark = new Label();
            mark.setId("check-mark-" + r);
            mark.textProperty().bind(Bindings.createStringBinding(() -> switch (c.stateProperty().get()) {
                case WAITING -> "○";
                case RUNNING -> "…";
                case PASSED -> "✔";
                case FAILED -> "✘";
                case SKIPPED -> "–";
            }, c.stateProperty()));
            mark.styleProperty().bind(Bindings.createStringBinding(() -> switch (c.stateProperty().get()) {
                case PASSED -> "-fx-text-fill: #26a269; -fx-font-weight: bold;";
                case FAILED -> ERROR_STYLE + " -fx-font-weight: bold;";
                case RUNNING -> "-fx-text-fill: #1a5fb4;";
                default -> "-fx-text-fill: #888888;";
            }, c.stateProperty()));
            Label name = new Label(c.name());
            Label detail = new Label();
            detail.setId("check-detail-" + r);
            detail.setWrapText(true);
            detail.textProperty().bind(c.detailProperty());
            detail.styleProperty().bind(Bindings.when(c.stateProperty().isEqualTo(CheckState.FAILED)).then(ERROR_STYLE).otherwise(""));
            grid.addRow(r++, mark, name, detail);
        }
        Button again = new Button("Check again");
        again.setId("wizard-check-again");
        again.setOnAction(e -> vm.checkAgain());
        again.disableProperty().bind(vm.busyProperty());
        VBox page = new VBox(14, title("Connecting and checking the node"), grid, again);
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
        maxHint.setStyle("-fx-text-fill: #555555;");
        Button deploy = new Button("Deploy");
        deploy.setId("wizard-deploy");
        deploy.setOnAction(e -> vm.deploy());
        deploy.disableProperty().bind(vm.busyProperty());
        ProgressBar progress = new ProgressBar(0);
        progress.setId("wizard-deploy-progress");
        progress.setPrefWidth(360);
        progress.progressProperty().bind(vm.deployProgressProperty());
        Label status = new Label();
        status.setId("wizard-deploy-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.deployStatusProperty());
        Button start = new Button("Start workers");
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
        problem.setStyle(ERROR_STYLE + " -fx-font-weight: bold;");
        problem.textProperty().bind(vm.problemProperty());
        Label fix = new Label();
        fix.setId("wizard-fix");
        fix.setWrapText(true);
        fix.textProperty().bind(Bindings.when(vm.fixProperty().isEmpty()).then("").otherwise(Bindings.concat("What to do: ", vm.fixProperty())));
        Button cancel = new Button("Close");
        cancel.setId("wizard-close");
        cancel.setOnAction(e -> close.run());
        Button back = new Button("< Back");
        back.setId("wizard-back");
        back.setOnAction(e -> vm.back());
        back.disableProperty().bind(vm.busyProperty().or(vm.pageProperty().isNotEqualTo(Page.CHECK)));
        Button next = new Button("Next >");
        next.setId("wizard-next");
        next.setDefaultButton(true);
        next.setOnAction(e -> {
            showAllProblems.set(true);
            vm.next();
        });
        next.disableProperty().bind(vm.busyProperty().or(vm.pageProperty().isNotEqualTo(Page.NODE)));
        Button finish = new Button("Finish");
        finish.setId("wizard-finish");
        finish.setOnAction(e -> close.run());
        finish.disableProperty().bind(vm.busyProperty().or(vm.pageProperty().isNotEqualTo(Page.DEPLOY)));
        ProgressBar busy = new ProgressBar(-1);
        busy.setPrefWidth(80);
        busy.visibleProperty().bind(vm.busyProperty());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox buttons = new HBox(8, busy, spring, cancel, back, next, finish);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox box = new VBox(6, problem, fix, buttons);
        box.setPadding(new Insets(12, 0, 0, 0));
        return box;
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-size: 16px; -fx-font-weight: bold;");
        return l;
    }
}
