package dev.pampa.ui.common;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The dialogs of the running cockpit: modal to its main window. */
public final class FxDialogService implements DialogService {
    private final Window owner;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public void showError(String title, String cause, String fix) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(cause);
        alert.setContentText(fix == null || fix.isBlank() ? null : "What to do: " + fix);
        alert.getDialogPane().setMinWidth(520);
        alert.showAndWait();
    }

    @Override
    public void showInfo(String title, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(null);
        alert.setContentText(text);
        alert.showAndWait();
    }

    @Override
    public boolean confirm(String title, String question, String details) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, null, ButtonType.YES, ButtonType.NO);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(question);
        if (details != null && !details.isBlank()) {
            TextArea text = new TextArea(details);
            text.setEditable(false);
            text.setWrapText(true);
            text.setPrefRowCount(Math.min(12, details.split("\n", -1).length + 1));
            alert.getDialogPane().setContent(text);
        }
        alert.getDialogPane().setMinWidth(560);
        return alert.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
    }

    @Override
    public int choose(String title, String question, String details, List<String> answers) {
        List<ButtonType> buttons = answers.stream().map(a -> new ButtonType(a, ButtonBar.ButtonData.OTHER)).toList();
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, null, buttons.toArray(ButtonType[]::new));
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(question);
        if (details != null && !details.isBlank()) {
            Label text = new Label(details);
            text.setWrapText(true);
            alert.getDialogPane().setContent(text);
        }
        alert.getDialogPane().setMinWidth(560);
        return alert.showAndWait().map(buttons::indexOf).orElse(-1);
    }

    @Override
    public Optional<char[]> askSecret(String title, String prompt) {
        Dialog<char[]> dialog = new Dialog<>();
        dialog.initOwner(owner);
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
        File file = chooser.showOpenDialog(owner);
        return Optional.ofNullable(file).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String suggestedName) {
        FileChooser chooser = chooser(title, List.of());
        chooser.setInitialFileName(suggestedName);
        File file = chooser.showSaveDialog(owner);
        return Optional.ofNullable(file).map(File::toPath);
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
