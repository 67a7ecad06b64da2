package dev.pampa.ui.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** A read-only table column showing text taken from each row. */
public final class TextColumn {
    /** A header's padding and room for the sort arrow, beside its title. */
    private static final double HEADER_PADDING = 26;

    private TextColumn() {
    }

    public static <R> TableColumn<R, String> of(String title, double width, Function<R, String> value) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        c.setPrefWidth(width);
        return titleWhole(c);
    }

    /**
     * Never narrower than its title in the header's bold face: a window too narrow for every column
     * scrolls the table sideways rather than cut a title to "Rate (task…".
     */
    public static <C extends TableColumnBase<?, ?>> C titleWhole(C c) {
        Font font = Font.getDefault();
        Text title = new Text(c.getText());
        title.setFont(Font.font(font.getFamily(), FontWeight.BOLD, font.getSize()));
        double min = Math.ceil(title.getLayoutBounds().getWidth()) + HEADER_PADDING;
        c.setMinWidth(Math.max(c.getMinWidth(), min));
        c.setPrefWidth(Math.max(c.getPrefWidth(), min));
        return c;
    }
}
