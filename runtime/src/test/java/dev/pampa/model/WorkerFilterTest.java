package dev.pampa.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkerFilterTest {

    @Test
    void anOrdinaryFilterMatchesWholeNames() {
        WorkerFilter f = new WorkerFilter("n0[1-4]\\..*");

        assertThat(f.matches("n01.3")).isTrue();
        assertThat(f.matches("n05.1")).isFalse();
    }

    @Test
    void aCatastrophicallyBacktrackingFilterIsStoppedWithinItsBudget() {
        WorkerFilter f = new WorkerFilter("(.*a){20}\\.9");
        String longName = "a".repeat(60) + ".1";
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> f.matches(longName)).isInstanceOf(WorkerFilter.TooCostly.class)
                .hasMessageContaining("filter_worker_id '(.*a){20}\\.9'").hasMessageContaining("simplify it");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms, not hours").isLessThan(10_000);
    }
}
