package dev.pampa.ui.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Path;
import java.util.Locale;
import javafx.application.Application;

/**
 * The cockpit's look: AtlantaFX's Primer, light or dark, or whichever the desktop prefers. The
 * choice is the operator's, kept in the cockpit's settings file under {@value #KEY}.
 */
public enum Theme {
    SYSTEM("Follow the system"), LIGHT("Light"), DARK("Dark");

    static final String KEY = "theme";
    private static volatile boolean applied;

    private final String label;

    Theme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The saved choice; {@link #SYSTEM} when none is saved or the file names none we know. */
    public static Theme read(Path settings) {
        String v = SettingsFile.read(settings).getProperty(KEY, "");
        for (Theme t : values()) {
            if (t.name().equalsIgnoreCase(v.trim())) {
                return t;
            }
        }
        return SYSTEM;
    }

    public void write(Path settings) {
        SettingsFile.put(settings, KEY, name().toLowerCase(Locale.ROOT));
    }

    /** Whether this choice shows dark: for {@link #SYSTEM}, what the desktop says (light when it says nothing). */
    public boolean dark() {
        return this == DARK || this == SYSTEM && SystemTheme.prefersDark();
    }

    /** Styles every window of the cockpit, open or to come; from any thread. */
    public void apply() {
        applied = true;
        Application.setUserAgentStylesheet(dark() ? Stylesheets.DARK.url() : Stylesheets.LIGHT.url());
    }

    /**
     * AtlantaFX's Primer with the cockpit's own few rules after it, as one user-agent stylesheet (a data
     * URL), so that every window, dialog and screen gets both without each scene naming a stylesheet.
     */
    private enum Stylesheets {
        LIGHT(new PrimerLight().getUserAgentStylesheet()), DARK(new PrimerDark().getUserAgentStylesheet());

        /**
         * Tables of figures want more columns than Primer's 14 px leaves room for at 1280 pixels wide; an
         * empty table's icon stands for the table (the theme sizes icons to the text).
         */
        private static final String COCKPIT_RULES = "\n.root { -fx-font-size: 13px; }\n"
                + ".empty-state .ikonli-font-icon { -fx-icon-size: 40px; }\n";
        private final String base;
        private String url;

        Stylesheets(String base) {
            this.base = base;
        }

        synchronized String url() {
            if (url == null) {
                try (java.io.InputStream in = Theme.class.getResourceAsStream(base)) {
                    if (in == null) {
                        return base; // not where AtlantaFX keeps it: its own, without the cockpit's rules
                    }
                    String css = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) + COCKPIT_RULES;
                    url = "data:text/css;base64," + java.util.Base64.getEncoder().encodeToString(css.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    return base;
                }
            }
            return url;
        }
    }

    /** Screens built without the main window (tests, tools) get the light theme rather than JavaFX's stock look. */
    public static void ensureApplied() {
        if (!applied) {
            LIGHT.apply();
        }
    }
}
