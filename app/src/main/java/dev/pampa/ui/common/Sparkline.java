package dev.pampa.ui.common;

import java.util.List;
import javafx.scene.layout.Region;
import javafx.scene.shape.Polyline;

/**
 * A word-sized line chart of recent values, scaled from zero to its largest value: the shape of a
 * rate or a level over the last minutes, for a table cell. An empty or single-valued list draws a
 * flat line at the bottom.
 */
public final class Sparkline extends Region {
    public static final double WIDTH = 90;
    public static final double HEIGHT = 18;
    private final Polyline line = new Polyline();
    private List<? extends Number> values = List.of();

    public Sparkline() {
        getStyleClass().add("sparkline");
        line.getStyleClass().add("sparkline-line");
        line.setStyle("-fx-stroke: #1565c0; -fx-stroke-width: 1.5;");
        getChildren().add(line);
        setMinSize(WIDTH, HEIGHT);
        setPrefSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
    }

    /** The values drawn, oldest first. */
    public void setValues(List<? extends Number> values) {
        this.values = values == null ? List.of() : List.copyOf(values);
        requestLayout();
    }

    public List<? extends Number> values() {
        return values;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double max = values.stream().mapToDouble(Number::doubleValue).max().orElse(0);
        line.getPoints().clear();
        int n = values.size();
        if (n < 2) {
            line.getPoints().addAll(0.0, h - 1, w, h - 1);
            return;
        }
        for (int i = 0; i < n; i++) {
            double v = values.get(i).doubleValue();
            line.getPoints().addAll(w * i / (n - 1), h - 1 - (max <= 0 ? 0 : (h - 2) * v / max));
        }
    }
}
