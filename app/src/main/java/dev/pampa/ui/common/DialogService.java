package dev.pampa.ui.common;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every question and message the cockpit puts to the operator goes through here, so that a test can
 * answer them (see the test implementation) and the FX one can be swapped. Methods are called on the
 * FX thread and block until answered.
 */
public interface DialogService {

    /** Something failed: what happened and what to do about it. */
    void showError(String title, String cause, String fix);

    void showInfo(String title, String text);

    /** A yes/no question; true for yes. */
    boolean confirm(String title, String question, String details);

    /**
     * A question with named answers, the first the default; returns the index of the answer, or -1
     * when the dialog was dismissed (Escape, the window's close button), which a caller treats as cancel.
     */
    int choose(String title, String question, String details, List<String> answers);

    /** A secret (password, passphrase), or empty when cancelled. The caller must wipe the array. */
    Optional<char[]> askSecret(String title, String prompt);

    /** A file to open, or empty when cancelled. */
    Optional<Path> chooseFileToOpen(String title, List<String> extensions);

    /** A file to save to, or empty when cancelled. */
    Optional<Path> chooseFileToSave(String title, String suggestedName);
}
