package dev.pampa.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThroughputTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void knowsNothingFromOneSample() {
        Throughput t = new Throughput(Duration.ofSeconds(5));
        t.record(T0, 100);
        assertThat(t.perSecond()).isZero();
        assertThat(t.eta(1_000)).isEmpty();
        assertThat(t.eta(0)).contains(Duration.ZERO);
    }

    @Test
    void measuresOverTheRecentWindowOnly() {
        Throughput t = new Throughput(Duration.ofSeconds(5));
        // slow at first: 10/s for 10 s, then 1,000/s
        for (int s = 0; s <= 10; s++) {
            t.record(T0.plusSeconds(s), 10L * s);
        }
        for (int s = 11; s <= 20; s++) {
            t.record(T0.plusSeconds(s), 100 + 1_000L * (s - 10));
        }
        assertThat(t.perSecond()).isCloseTo(1_000, within(0.001));
        assertThat(t.eta(5_000)).contains(Duration.ofSeconds(5));
    }

    @Test
    void standsStillWhenNothingFinishes() {
        Throughput t = new Throughput(Duration.ofSeconds(5));
        for (int s = 0; s <= 10; s++) {
            t.record(T0.plusSeconds(s), 500);
        }
        assertThat(t.perSecond()).isZero();
        assertThat(t.eta(10)).isEmpty();
    }
}
