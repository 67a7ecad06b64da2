package dev.pampa.ui.common;

import javafx.scene.Node;

/**
 * One tab of the cockpit. The main window shows one screen at a time and tells it when it is shown
 * and hidden, so that a screen polls the database only while someone can see it.
 */
public interface Screen {
    String title();

    /** The screen's root node; built once and kept. */
    Node view();

    /** Now visible: start periodic refresh. */
    default void shown() {
    }

    /** No longer visible: stop periodic refresh. */
    default void hidden() {
    }

    /** The cockpit is closing. */
    default void dispose() {
        hidden();
    }
}
