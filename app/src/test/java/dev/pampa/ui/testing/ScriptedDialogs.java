package dev.pampa.ui.testing;

import dev.pampa.ui.common.DialogService;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cockpit's dialogs answered by a test: what would have been shown is recorded, and questions are
 * answered from queues the test fills beforehand (an unexpected question fails loudly).
 */
public final class ScriptedDialogs implements DialogService {

    /** A dialog that was shown: its kind, title and text. */
    public record Shown(String kind, String title, String text) {
    }

    public final List<Shown> shown = new CopyOnWriteArrayList<>();
    private final Deque<Boolean> confirmations = new ArrayDeque<>();
    private final Deque<String> secrets = new ArrayDeque<>();
    private final Deque<Path> files = new ArrayDeque<>();
    private final Deque<Integer> choices = new ArrayDeque<>();

    /** The index of the answer the next {@link #choose} gives (-1: dismissed). */
    public synchronized ScriptedDialogs answerChoice(int index) {
        choices.add(index);
        return this;
    }

    public synchronized ScriptedDialogs answerConfirm(boolean yes) {
        confirmations.add(yes);
        return this;
    }

    public synchronized ScriptedDialogs answerSecret(String secret) {
        secrets.add(secret);
        return this;
    }

    public synchronized ScriptedDialogs answerFile(Path file) {
        files.add(file);
        return this;
    }

    public List<Shown> errors() {
        return shown.stream().filter(s -> s.kind().equals("error")).toList();
    }

    @Override
    public void showError(String title, String cause, String fix) {
        shown.add(new Shown("error", title, cause + (fix == null || fix.isBlank() ? "" : " — " + fix)));
    }

    @Override
    public void showInfo(String title, String text) {
        shown.add(new Shown("info", title, text));
    }

    @Override
    public synchronized boolean confirm(String title, String question, String details) {
        shown.add(new Shown("confirm", title, question + (details == null ? "" : "\n" + details)));
        if (confirmations.isEmpty()) {
            throw new AssertionError("unexpected question: " + title + ": " + question);
        }
        return confirmations.poll();
    }

    @Override
    public synchronized int choose(String title, String question, String details, List<String> answers) {
        shown.add(new Shown("choose", title, question + (details == null ? "" : "\n" + details) + "\n" + String.join(" | ", answers)));
        if (choices.isEmpty()) {
            throw new AssertionError("unexpected question: " + title + ": " + question);
        }
        return choices.poll();
    }

    @Override
    public synchronized Optional<char[]> askSecret(String title, String prompt) {
        shown.add(new Shown("secret", title, prompt));
        if (secrets.isEmpty()) {
            throw new AssertionError("unexpected secret asked: " + title + ": " + prompt);
        }
        String s = secrets.poll();
        return s == null ? Optional.empty() : Optional.of(s.toCharArray());
    }

    @Override
    public synchronized Optional<Path> chooseFileToOpen(String title, List<String> extensions) {
        shown.add(new Shown("open", title, String.join(",", extensions)));
        return Optional.ofNullable(files.poll());
    }

    @Override
    public synchronized Optional<Path> chooseFileToSave(String title, String suggestedName) {
        shown.add(new Shown("save", title, suggestedName));
        return Optional.ofNullable(files.poll());
    }
}
