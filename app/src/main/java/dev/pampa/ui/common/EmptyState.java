package dev.pampa.ui.common;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import org.kordamp.ikonli.Ikon;

/**
 * What an empty table shows instead of a grid of blank rows: what would be there, and how to get
 * some. Set as the table's placeholder.
 */
public final class EmptyState {
    private EmptyState() {
    }

    /**
     * @param what what the table lists when it has rows ("No node yet")
     * @param how  how to get some ("Add node… brings one in over SSH")
     */
    public static Node of(Ikon icon, String what, String how) {
        Label title = new Label(what);
        title.getStyleClass().addAll(Styles.TITLE_4);
        title.setWrapText(true);
        title.setTextAlignment(TextAlignment.CENTER);
        Label hint = new Label(how);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        hint.setWrapText(true);
        hint.setTextAlignment(TextAlignment.CENTER);
        hint.setMaxWidth(520);
        var picture = Icons.of(icon);
        picture.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(8, picture, title, hint);
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(560);
        box.getStyleClass().add("empty-state");
        box.setMouseTransparent(true);
        return box;
    }

    /**
     * The same, shown only once {@code loaded}: before the first read an empty table says that it is
     * being read, not that there is nothing.
     */
    public static Node of(Ikon icon, String what, String how, javafx.beans.value.ObservableBooleanValue loaded) {
        VBox empty = (VBox) of(icon, what, how);
        javafx.scene.control.ProgressIndicator spinner = new javafx.scene.control.ProgressIndicator(-1);
        spinner.setPrefSize(18, 18);
        Label reading = new Label("Reading…", spinner);
        reading.getStyleClass().add(Styles.TEXT_MUTED);
        javafx.scene.layout.StackPane both = new javafx.scene.layout.StackPane(empty, reading);
        both.getStyleClass().add("empty-state");
        both.setMouseTransparent(true);
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(loaded::get, loaded));
        reading.visibleProperty().bind(empty.visibleProperty().not());
        return both;
    }

    /** The text an empty state says, what then how, for tests and for reading it aloud. */
    public static String text(Node placeholder) {
        if (placeholder instanceof javafx.scene.layout.StackPane both) {
            return both.getChildren().stream().filter(Node::isVisible).map(EmptyState::text).findFirst().orElse("");
        }
        if (placeholder instanceof VBox box) {
            return box.getChildren().stream().filter(Label.class::isInstance).map(n -> ((Label) n).getText())
                    .reduce((a, b) -> a + " " + b).orElse("");
        }
        return placeholder instanceof Label l ? l.getText() : "";
    }
}
