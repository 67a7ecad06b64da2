package dev.pampa.ui.common;

import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Dialog;
import javafx.stage.Modality;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Where the cockpit's windows go. A dialog or wizard is owned by the window it is about, modal to it,
 * as big as its content (within the screen) and centred on it; the main window fits the screen. Window
 * managers that place a window themselves (openbox maps one without size hints at 200x200 in a
 * corner) are told the size and the place explicitly, and again once the window is mapped.
 */
public final class Windows {
    /** Room kept free around a window: the window manager's frame and a panel. */
    static final double MARGIN = 40;
    /** How long after showing a window its size is still the window manager's doing, not the operator's. */
    private static final long SETTLING_NANOS = 1_500_000_000L;

    private Windows() {
    }

    /**
     * The window a dialog goes over: the cockpit's window that has the focus (a wizard asking for a
     * host key's approval), else {@code main}.
     */
    public static Window activeOwner(Window main) {
        for (Window w : Window.getWindows()) {
            if (w.isShowing() && w.isFocused() && w instanceof Stage && w.getScene() != null) {
                return w;
            }
        }
        return main;
    }

    /**
     * A scene for {@code root} as big as its content wants, at least {@code minWidth} x {@code minHeight},
     * within the screen of {@code owner}.
     */
    public static Scene sceneFor(Parent root, Window owner, double minWidth, double minHeight) {
        Scene scene = new Scene(root);
        root.applyCss();
        Rectangle2D screen = screenOf(owner);
        // wrapped text asks for its whole length as preferred width: the window takes the width it must have, at least minWidth
        double w = clamp(Math.max(minWidth, root.minWidth(-1)), screen.getWidth() - 2 * MARGIN);
        double h = clamp(Math.max(minHeight, root.prefHeight(w)), screen.getHeight() - 2 * MARGIN);
        if (root instanceof javafx.scene.layout.Region region) {
            region.setPrefSize(w, h);
        }
        return scene;
    }

    /** Shows {@code stage} owned by and modal to {@code owner}, sized to its scene, centred on the owner. */
    public static void showOver(Stage stage, Window owner) {
        if (owner != null && stage.getOwner() == null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.sizeToScene();
        Parent root = stage.getScene().getRoot();
        // size hints: without them some window managers map the window at their own size
        stage.setMinWidth(Math.min(root.prefWidth(-1), Math.max(360, root.minWidth(-1))));
        stage.setMinHeight(Math.min(root.prefHeight(-1), Math.max(200, root.minHeight(-1))));
        keepCentredWhileMapped(stage, owner);
        stage.show();
    }

    /**
     * Centres {@code child} on its owner when shown, and again whenever its size changes in the moment
     * after: a window manager (openbox) maps a window at a size of its own, then applies the size asked
     * for, so a window centred once at the first size ends up off centre. Later changes (the operator
     * resizing it) leave it where it is.
     */
    static void keepCentredWhileMapped(Window child, Window owner) {
        long[] shownAt = {Long.MAX_VALUE};
        javafx.beans.value.ChangeListener<Number> resized = (o, was, now) -> {
            if (System.nanoTime() - shownAt[0] < SETTLING_NANOS) {
                centreOn(child, owner);
            }
        };
        child.widthProperty().addListener(resized);
        child.heightProperty().addListener(resized);
        child.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, e -> {
            shownAt[0] = System.nanoTime();
            centreOn(child, owner);
            Platform.runLater(() -> centreOn(child, owner));
        });
    }

    /** A dialog owned by {@code owner} and centred on it once shown (its size is known only then). */
    public static <R> Dialog<R> over(Dialog<R> dialog, Window owner) {
        if (owner != null) {
            dialog.initOwner(owner);
            dialog.initModality(Modality.WINDOW_MODAL);
        }
        dialog.setResizable(true);
        keepCentredWhileMapped(dialog.getDialogPane().getScene().getWindow(), owner);
        return dialog;
    }

    /** Moves {@code child} so that its centre is the owner's (or the screen's), whole on the screen. */
    public static void centreOn(Window child, Window owner) {
        Rectangle2D screen = screenOf(owner);
        double w = Math.min(child.getWidth(), screen.getWidth());
        double h = Math.min(child.getHeight(), screen.getHeight());
        if (w != child.getWidth()) {
            child.setWidth(w);
        }
        if (h != child.getHeight()) {
            child.setHeight(h);
        }
        double cx = owner == null ? screen.getMinX() + screen.getWidth() / 2 : owner.getX() + owner.getWidth() / 2;
        double cy = owner == null ? screen.getMinY() + screen.getHeight() / 2 : owner.getY() + owner.getHeight() / 2;
        child.setX(within(cx - w / 2, screen.getMinX(), screen.getMaxX() - w));
        child.setY(within(cy - h / 2, screen.getMinY(), screen.getMaxY() - h));
    }

    /**
     * The main window: {@code width} x {@code height} where the screen has room, else the screen less a
     * margin for the frame, centred on it.
     */
    public static void fitMain(Stage stage, double width, double height) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = Math.min(width, screen.getWidth() - MARGIN);
        double h = Math.min(height, screen.getHeight() - MARGIN);
        stage.setWidth(w);
        stage.setHeight(h);
        stage.setX(screen.getMinX() + (screen.getWidth() - w) / 2);
        stage.setY(screen.getMinY() + (screen.getHeight() - h) / 2);
    }

    /** The visual bounds of the screen {@code owner} is on, else the primary screen's. */
    public static Rectangle2D screenOf(Window owner) {
        if (owner != null && owner.getWidth() > 0) {
            var screens = Screen.getScreensForRectangle(owner.getX(), owner.getY(), owner.getWidth(), owner.getHeight());
            if (!screens.isEmpty()) {
                return screens.get(0).getVisualBounds();
            }
        }
        return Screen.getPrimary().getVisualBounds();
    }

    private static double clamp(double v, double max) {
        return Math.min(v, max);
    }

    private static double within(double v, double min, double max) {
        return Math.max(min, Math.min(v, max));
    }
}
