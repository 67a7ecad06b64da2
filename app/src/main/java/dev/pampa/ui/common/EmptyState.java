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

    /** The text an empty state says, what then how, for tests and for reading it aloud. */
    public static String text(Node placeholder) {
        if (placeholder instanceof VBox box) {
            return box.getChildren().stream().filter(Label.class::isInstance).map(n -> ((Label) n).getText())
                    .reduce((a, b) -> a + " " + b).orElse("");
        }
        return placeholder instanceof Label l ? l.getText() : "";
    }
}
