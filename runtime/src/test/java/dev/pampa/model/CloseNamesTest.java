package dev.pampa.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CloseNamesTest {
    @Test
    void closestComeFirstAndFarOnesAreLeftOut() {
        assertThat(CloseNames.to("numbrs", List.of("orders", "numbers", "number", "customers"), 3))
                .containsExactly("numbers", "number");
    }

    @Test
    void caseIsIgnored() {
        assertThat(CloseNames.to("Numbers", List.of("numbers"), 3)).containsExactly("numbers");
    }

    @Test
    void distanceCountsEdits() {
        assertThat(CloseNames.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(CloseNames.distance("", "abc")).isEqualTo(3);
    }
}
