package dev.pampa.ui.common;

import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The bottom line of the main window: the database, the dispatcher's state, and any operation in progress. */
public final class StatusBar {
    private final StringProperty database = new SimpleStringProperty("database: connecting…");
    private final StringProperty dispatcher = new SimpleStringProperty("");
    private final HBox view;

    public StatusBar(Background background) {
        Label db = new Label();
        db.setId("status-database");
        db.textProperty().bind(database);
        Label disp = new Label();
        disp.setId("status-dispatcher");
        disp.textProperty().bind(dispatcher);
        Label operation = new Label();
        operation.setId("status-operation");
        operation.textProperty().bind(Bindings.createStringBinding(() -> background.runningProperty().get() == 0 ? ""
                : background.operationProperty().get() + (background.runningProperty().get() > 1
                        ? " (+" + (background.runningProperty().get() - 1) + " more)" : "") + "…",
                background.runningProperty(), background.operationProperty()));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(14, 14);
        busy.visibleProperty().bind(background.runningProperty().greaterThan(0));
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        view = new HBox(16, db, disp, spring, operation, busy);
        view.setAlignment(Pos.CENTER_LEFT);
        view.setPadding(new Insets(3, 8, 3, 8));
        view.getStyleClass().add("status-bar");
        view.getStyleClass().addAll(atlantafx.base.theme.Styles.BORDER_DEFAULT, atlantafx.base.theme.Styles.BG_SUBTLE);
        view.setStyle("-fx-border-width: 1 0 0 0;");
    }

    /** "database: …", set by whoever connects. */
    public StringProperty databaseProperty() {
        return database;
    }

    /** "dispatcher: …", set by whoever reads the lease. */
    public StringProperty dispatcherProperty() {
        return dispatcher;
    }

    public HBox view() {
        return view;
    }
}
