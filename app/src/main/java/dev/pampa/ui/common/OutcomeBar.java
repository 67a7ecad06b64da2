package dev.pampa.ui.common;

import dev.pampa.report.JobProgress;
import java.util.Locale;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/**
 * A job's progress coloured by outcome: done in blue, dead in red, cancelled in grey, side by side in
 * proportion to all its tasks, what is left unfilled. A job whose every row died reads as a red bar,
 * never as a full bar in the colour of success. The colours are set on the segments themselves, so
 * that they mean the same whatever the theme.
 */
public final class OutcomeBar extends Region {
    public static final String DONE_COLOUR = "#1e88e5";
    public static final String DEAD_COLOUR = "#d32f2f";
    public static final String CANCELLED_COLOUR = "#9e9e9e";

    private final Region done = segment("outcome-done", DONE_COLOUR);
    private final Region dead = segment("outcome-dead", DEAD_COLOUR);
    private final Region cancelled = segment("outcome-cancelled", CANCELLED_COLOUR);
    private final Tooltip tip = new Tooltip();
    private double doneShare;
    private double deadShare;
    private double cancelledShare;

    public OutcomeBar() {
        getStyleClass().add("outcome-bar");
        setStyle("-fx-background-color: #e8e8e8; -fx-border-color: #b8b8b8; -fx-border-radius: 3; -fx-background-radius: 3;");
        getChildren().addAll(done, dead, cancelled);
        setMinHeight(12);
        setPrefHeight(16);
        setPrefWidth(120);
        setMinWidth(40);
    }

    private static Region segment(String styleClass, String colour) {
        Region r = new Region();
        r.getStyleClass().add(styleClass);
        r.setStyle("-fx-background-color: " + colour + ";");
        r.setManaged(false);
        return r;
    }

    /** Shows these counts; null or no task at all shows an empty bar. */
    public void show(JobProgress p) {
        long total = p == null ? 0 : p.total();
        doneShare = total == 0 ? 0 : (double) p.done() / total;
        deadShare = total == 0 ? 0 : (double) p.dead() / total;
        cancelledShare = total == 0 ? 0 : (double) p.cancelled() / total;
        if (total == 0) {
            Tooltip.uninstall(this, tip);
        } else {
            tip.setText(String.format(Locale.US, "%,d done, %,d dead, %,d cancelled, %,d left of %,d",
                    p.done(), p.dead(), p.cancelled(), p.unfinished(), total));
            Tooltip.install(this, tip);
        }
        requestLayout();
    }

    public double doneShare() {
        return doneShare;
    }

    public double deadShare() {
        return deadShare;
    }

    public double cancelledShare() {
        return cancelledShare;
    }

    @Override
    protected void layoutChildren() {
        double x = snappedLeftInset();
        double y = snappedTopInset();
        double w = Math.max(0, getWidth() - snappedLeftInset() - snappedRightInset());
        double h = Math.max(0, getHeight() - y - snappedBottomInset());
        for (Object[] s : new Object[][] {{done, doneShare}, {dead, deadShare}, {cancelled, cancelledShare}}) {
            double width = Math.round(w * (double) s[1]);
            ((Region) s[0]).resizeRelocate(x, y, width, h);
            x += width;
        }
    }
}
