package dev.pampa.ui.common;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The dialogs of the running cockpit: owned by the window they are about (the focused one of ours,
 * else the main window), modal to it, centred on it and as big as their text.
 */
public final class FxDialogService implements DialogService {
    private static final double DIALOG_WIDTH = 700;
    private final Window owner;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public void showError(String title, String cause, String fix) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        Windows.over(alert, Windows.activeOwner(owner));
        alert.setTitle(title);
        alert.setHeaderText(cause);
        alert.setContentText(fix == null || fix.isBlank() ? null : "What to do: " + fix);
        fit(alert);
        alert.showAndWait();
    }

    @Override
    public void showInfo(String title, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        Windows.over(alert, Windows.activeOwner(owner));
        alert.setTitle(title);
        alert.setHeaderText(null);
        alert.setContentText(text);
        fit(alert);
        alert.showAndWait();
    }

    @Override
    public boolean confirm(String title, String question, String details) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, null, ButtonType.YES, ButtonType.NO);
        Windows.over(alert, Windows.activeOwner(owner));
        alert.setTitle(title);
        alert.setHeaderText(question);
        if (details != null && !details.isBlank()) {
            alert.getDialogPane().setContent(detailsArea(details));
        }
        fit(alert);
        return alert.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
    }

    @Override
    public int choose(String title, String question, String details, List<String> answers) {
        List<ButtonType> buttons = answers.stream().map(a -> new ButtonType(a, ButtonBar.ButtonData.OTHER)).toList();
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, null, buttons.toArray(ButtonType[]::new));
        Windows.over(alert, Windows.activeOwner(owner));
        alert.setTitle(title);
        alert.setHeaderText(question);
        if (details != null && !details.isBlank()) {
            Label text = new Label(details);
            text.setWrapText(true);
            text.setMaxWidth(640);
            alert.getDialogPane().setContent(text);
        }
        fit(alert);
        return alert.showAndWait().map(buttons::indexOf).orElse(-1);
    }

    @Override
    public Optional<char[]> askSecret(String title, String prompt) {
        Dialog<char[]> dialog = new Dialog<>();
        Windows.over(dialog, Windows.activeOwner(owner));
        dialog.setTitle(title);
        PasswordField field = new PasswordField();
        field.setId("secret");
        dialog.getDialogPane().setContent(new VBox(8, new Label(prompt), field));
        ButtonType ok = new ButtonType("OK", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ok, ButtonType.CANCEL);
        dialog.setResultConverter(b -> b == ok ? field.getText().toCharArray() : null);
        field.requestFocus();
        Optional<char[]> answer = dialog.showAndWait();
        field.clear();
        return answer;
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, List<String> extensions) {
        FileChooser chooser = chooser(title, extensions);
        File file = chooser.showOpenDialog(Windows.activeOwner(owner));
        return Optional.ofNullable(file).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String suggestedName) {
        FileChooser chooser = chooser(title, List.of());
        chooser.setInitialFileName(suggestedName);
        File file = chooser.showSaveDialog(Windows.activeOwner(owner));
        return Optional.ofNullable(file).map(File::toPath);
    }

    /**
     * The details of a question (a host key's explanation, the DDL a table needs), whole: a paragraph as
     * wrapped text, statements or anything longer than a screenful in a read-only box of as many rows as
     * they take (up to 22, then it scrolls), statements in a fixed-width font.
     */
    static javafx.scene.control.Control detailsArea(String details) {
        int columns = 80;
        int rows = 0;
        for (String line : details.split("\n", -1)) {
            rows += Math.max(1, (line.length() + columns - 1) / columns);
        }
        boolean statements = details.contains("CREATE ") || details.contains("ALTER ");
        if (!statements && rows <= 10) {
            Label text = new Label(details);
            text.setId("dialog-details");
            text.setWrapText(true);
            text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            return text;
        }
        TextArea text = new TextArea(details);
        text.setId("dialog-details");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefColumnCount(columns);
        // a row more than the text takes: the box's own padding would otherwise hide its last line
        text.setPrefRowCount(Math.max(3, Math.min(22, rows + 1)));
        text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        if (statements) {
            text.setStyle("-fx-font-family: monospace;");
        }
        return text;
    }

    /**
     * A question's window as wide as a paragraph reads well, its header wrapped, and as tall as its text
     * needs: without a width the header's longest line sets it, and the details box is squeezed.
     */
    private static void fit(Dialog<?> dialog) {
        DialogPane pane = dialog.getDialogPane();
        pane.setPrefWidth(DIALOG_WIDTH);
        pane.setMinWidth(DIALOG_WIDTH);
        pane.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        if (pane.lookup(".header-panel .label") instanceof Label header) {
            header.setWrapText(true);
        }
    }

    private static FileChooser chooser(String title, List<String> extensions) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        if (!extensions.isEmpty()) {
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(String.join(", ", extensions),
                    extensions.stream().map(e -> "*." + e).toList()));
        }
        return chooser;
    }
}
