package dev.pampa.ui.common;

import java.util.List;
import javafx.scene.control.TableCell;

/** A table cell drawing its list of numbers as a {@link Sparkline}. */
public final class SparklineCell<R, N extends Number> extends TableCell<R, List<N>> {
    private final Sparkline line = new Sparkline();

    @Override
    protected void updateItem(List<N> values, boolean empty) {
        super.updateItem(values, empty);
        if (empty || values == null) {
            setGraphic(null);
        } else {
            line.setValues(values);
            setGraphic(line);
        }
    }
}
