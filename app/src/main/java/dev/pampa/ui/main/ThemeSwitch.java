package dev.pampa.ui.main;

import dev.pampa.ui.common.Icons;
import dev.pampa.ui.common.Theme;
import java.nio.file.Path;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;

/** The toolbar's choice of look: follow the system, light or dark; applied at once and kept in the settings. */
final class ThemeSwitch {
    private ThemeSwitch() {
    }

    static MenuButton of(Path settings, Runnable onFailure) {
        MenuButton button = new MenuButton("Theme");
        button.setId("theme-switch");
        Icons.on(button, Icons.THEME);
        ToggleGroup group = new ToggleGroup();
        Theme current = Theme.read(settings);
        for (Theme t : Theme.values()) {
            RadioMenuItem item = new RadioMenuItem(t == Theme.SYSTEM ? t.label() + " (" + (Theme.SYSTEM.dark() ? "dark" : "light") + ")" : t.label());
            item.setId("theme-" + t.name().toLowerCase(java.util.Locale.ROOT));
            item.setToggleGroup(group);
            item.setSelected(t == current);
            item.setOnAction(e -> {
                t.apply();
                try {
                    t.write(settings);
                } catch (RuntimeException failure) {
                    onFailure.run();
                }
            });
            button.getItems().add(item);
        }
        return button;
    }
}
