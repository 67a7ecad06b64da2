package dev.pampa.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * An empty table on the real scene: it says it is being read until its first read came back, then what
 * would be in it and how to get some, in place of the grid of blank rows.
 */
@ExtendWith(ApplicationExtension.class)
class EmptyStateTest {
    private final SimpleBooleanProperty loaded = new SimpleBooleanProperty();
    private TableView<String> table;

    @Start
    void start(Stage stage) {
        Theme.ensureApplied();
        table = new TableView<>();
        table.getColumns().add(new TableColumn<>("Name"));
        table.setPlaceholder(EmptyState.of(Icons.NODE, "No node yet", "Add node… brings one in over SSH.", loaded));
        stage.setScene(new Scene(table, 600, 400));
        stage.show();
    }

    @Test
    void an_empty_table_says_it_is_being_read_then_what_would_be_there_and_how_to_get_some() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> EmptyState.text(table.getPlaceholder()))).isEqualTo("Reading…");
        assertThat(fx(() -> shown(table.getPlaceholder()))).as("the placeholder is what the table shows").isTrue();

        fx(() -> {
            loaded.set(true);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> EmptyState.text(table.getPlaceholder()))).isEqualTo("No node yet Add node… brings one in over SSH.");
        assertThat(fx(() -> shown(table.getPlaceholder()))).isTrue();
    }

    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }
}
