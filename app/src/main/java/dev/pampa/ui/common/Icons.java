package dev.pampa.ui.common;

import javafx.scene.control.ButtonBase;
import javafx.scene.control.Labeled;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The cockpit's icons (Ikonli's Feather pack): one per action and state, the same everywhere. An
 * icon only adds to a button's text, never replaces it.
 */
public final class Icons {
    public static final Ikon START = Feather.PLAY;
    public static final Ikon STOP = Feather.SQUARE;
    public static final Ikon ADD = Feather.PLUS;
    public static final Ikon EDIT = Feather.EDIT_2;
    public static final Ikon REMOVE = Feather.TRASH_2;
    public static final Ikon REFRESH = Feather.REFRESH_CW;
    public static final Ikon PROBE = Feather.ACTIVITY;
    public static final Ikon DEPLOY = Feather.UPLOAD_CLOUD;
    public static final Ikon DATABASE = Feather.DATABASE;
    public static final Ikon PAUSE = Feather.PAUSE;
    public static final Ikon RESUME = Feather.PLAY_CIRCLE;
    public static final Ikon EXPORT = Feather.DOWNLOAD;
    public static final Ikon IMPORT = Feather.UPLOAD;
    public static final Ikon RETRY = Feather.ROTATE_CCW;
    public static final Ikon SAVE = Feather.CHECK;
    public static final Ikon BACK = Feather.ARROW_LEFT;
    public static final Ikon NEXT = Feather.ARROW_RIGHT;
    public static final Ikon SUGGEST = Feather.ZAP;
    public static final Ikon TABLE = Feather.GRID;
    public static final Ikon THEME = Feather.SUN;
    public static final Ikon NODE = Feather.SERVER;
    public static final Ikon JOB = Feather.LAYERS;
    public static final Ikon WORKER = Feather.CPU;
    public static final Ikon ERROR = Feather.ALERT_TRIANGLE;
    public static final Ikon PASSED = Feather.CHECK_CIRCLE;
    public static final Ikon FAILED = Feather.X_CIRCLE;
    public static final Ikon WAITING = Feather.CIRCLE;
    public static final Ikon RUNNING = Feather.LOADER;
    public static final Ikon SKIPPED = Feather.MINUS_CIRCLE;
    public static final Ikon KEY = Feather.KEY;
    public static final Ikon LOG = Feather.FILE_TEXT;
    public static final Ikon DASHBOARD = Feather.BAR_CHART_2;

    private Icons() {
    }

    public static FontIcon of(Ikon icon) {
        FontIcon f = new FontIcon(icon);
        f.getStyleClass().add("pampa-icon");
        return f;
    }

    /** Puts {@code icon} before the text of {@code control}; returns it, for chaining where it is built. */
    public static <L extends Labeled> L on(L control, Ikon icon) {
        control.setGraphic(of(icon));
        return control;
    }

    /**
     * A button that acts: its icon, and the accent style for the main action of a dialog when
     * {@code primary} (not in a tool bar, whose flat buttons would show accent text on no background).
     */
    public static <B extends ButtonBase> B action(B button, Ikon icon, boolean primary) {
        on(button, icon);
        if (primary) {
            button.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        }
        return button;
    }
}
