package dev.pampa.ui.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workers table lists each node's workers by number, as an operator counts them. */
class WorkerOrderTest {
    @Test
    void workersSortByNodeThenByNumberNotByText() {
        List<String> names = new ArrayList<>(List.of("n01.10", "n02.1", "n01.2", "local.1", "n01.1", "odd-name", "n01.x"));
        names.sort(WorkersViewModel::byNodeThenNumber);
        assertThat(names).containsExactly("local.1", "n01.1", "n01.2", "n01.10", "n01.x", "n02.1", "odd-name");
    }
}
