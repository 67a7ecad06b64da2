package dev.pampa.ui;

import javafx.application.Application;

/**
 * Starts the cockpit. A class that extends {@code Application} cannot be the main class of a jar run
 * from the class path (the JavaFX launcher then demands JavaFX modules), so this one is.
 */
public final class CockpitLauncher {
    private CockpitLauncher() {
    }

    public static void main(String[] args) {
        Application.launch(CockpitApp.class, args);
    }
}
