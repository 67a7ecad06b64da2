package dev.pampa.ui.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableColumn;

/** A read-only table column showing text taken from each row. */
public final class TextColumn {
    private TextColumn() {
    }

    public static <R> TableColumn<R, String> of(String title, double width, Function<R, String> value) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
