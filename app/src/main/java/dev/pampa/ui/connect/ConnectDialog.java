package dev.pampa.ui.connect;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import atlantafx.base.theme.Styles;
import dev.pampa.ui.common.Icons;
import dev.pampa.ui.common.Windows;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The "Connect to database" window: lays out and binds {@link ConnectViewModel}. */
public final class ConnectDialog {
    private final VBox root;

    public ConnectDialog(ConnectViewModel vm, Runnable close) {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.getColumnConstraints().addAll(new ColumnConstraints(90), new ColumnConstraints(300, 460, Double.MAX_VALUE, Priority.ALWAYS, null, true));
        TextField url = new TextField();
        url.setId("connect-url");
        url.setPromptText("jdbc:postgresql://host:5432/db or postgresql://user:password@host:5432/db");
        url.textProperty().bindBidirectional(vm.url);
        TextField user = new TextField();
        user.setId("connect-user");
        user.setPromptText("optional when the URL names it");
        user.textProperty().bindBidirectional(vm.user);
        PasswordField password = new PasswordField();
        password.setId("connect-password");
        password.setPromptText("not stored: asked for each time the cockpit starts");
        password.textProperty().bindBidirectional(vm.password);
        grid.addRow(0, new Label("URL"), url);
        grid.addRow(1, new Label("User"), user);
        grid.addRow(2, new Label("Password"), password);
        Label result = new Label();
        result.setId("connect-result");
        result.setWrapText(true);
        result.textProperty().bind(vm.resultProperty());
        result.getStyleClass().add(Styles.SUCCESS);
        vm.resultIsProblemProperty().addListener((o, was, now) -> {
            result.pseudoClassStateChanged(Styles.STATE_DANGER, now);
            result.getStyleClass().remove(Styles.SUCCESS);
            if (!now) {
                result.getStyleClass().add(Styles.SUCCESS);
            }
        });
        Label fix = new Label();
        fix.setId("connect-fix");
        fix.setWrapText(true);
        fix.textProperty().bind(Bindings.when(vm.fixProperty().isEmpty()).then("").otherwise(Bindings.concat("What to do: ", vm.fixProperty())));
        Button test = Icons.on(new Button("Test"), Icons.PROBE);
        test.setId("connect-test");
        test.setOnAction(e -> vm.test());
        Button save = Icons.action(new Button("Save and connect"), Icons.DATABASE, true);
        save.setId("connect-save");
        save.setDefaultButton(true);
        save.setOnAction(e -> vm.save());
        Button embedded = new Button("Use the embedded database");
        embedded.setId("connect-embedded");
        embedded.setOnAction(e -> vm.useEmbedded());
        Button closeButton = new Button("Close");
        closeButton.setId("connect-close");
        closeButton.setCancelButton(true);
        closeButton.setOnAction(e -> close.run());
        for (Button b : new Button[]{test, save, embedded}) {
            b.disableProperty().bind(vm.busyProperty());
        }
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox buttons = new HBox(8, embedded, spring, test, save, closeButton);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        Label hint = new Label("The password is never written to disk: the cockpit asks for it when it starts.");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        root = new VBox(12, grid, hint, result, fix, buttons);
        root.setId("connect-dialog");
        root.setPadding(new Insets(16));
    }

    public Parent view() {
        return root;
    }

    public static Stage open(Window owner, ConnectViewModel vm) {
        Stage stage = new Stage();
        stage.setTitle("Connect to database");
        stage.setScene(Windows.sceneFor(new ConnectDialog(vm, stage::close).view(), owner, 640, 0));
        Windows.showOver(stage, owner);
        return stage;
    }
}
