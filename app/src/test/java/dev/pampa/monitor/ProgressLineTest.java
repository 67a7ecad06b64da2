package dev.pampa.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.report.JobProgress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static final JobProgress HALF = new JobProgress(49_604, 396, 4, 45_210, 4_786, 12);

    @Test
    void countsAreThoseOfTheStates() {
        assertThat(HALF.total()).isEqualTo(100_000);
        assertThat(HALF.finished()).isEqualTo(49_996);
        assertThat(HALF.unfinished()).isEqualTo(50_004);
        assertThat(HALF.complete()).isFalse();
        assertThat(new JobProgress(0, 0, 0, 99_000, 1_000, 0).complete()).isTrue();
    }

    @Test
    void aProgressLineSaysWhereTheJobIsAndWhenItEnds() {
        assertThat(ProgressLine.of("search_odd_numbers", HALF, 8_530.4, Optional.of(Duration.ofMillis(6_100))))
                .isEqualTo("search_odd_numbers 45,210/100,000 done (45.2%), 4,786 dead, 4 running, 396 queued, 8,530 tasks/s, ETA 7 s");
        assertThat(ProgressLine.of("j", new JobProgress(10, 0, 0, 0, 0, 0), 0, Optional.empty()))
                .isEqualTo("j 0/10 done (0.0%), 0 dead, 0 running, 0 queued, 0 tasks/s, ETA unknown");
    }

    @Test
    void theSummaryGivesTheOverallRate() {
        assertThat(ProgressLine.summary("search_odd_numbers", new JobProgress(0, 0, 0, 100_000, 0, 0), 100_000, Duration.ofMillis(12_300)))
                .isEqualTo("search_odd_numbers finished: 100,000 done, 0 dead in 0:13 (8,130 tasks/s)");
    }

    @Test
    void theSummaryRateCountsOnlyWhatThisRunFinished() {
        assertThat(ProgressLine.summary("j", new JobProgress(0, 0, 0, 1_000, 0, 0), 100, Duration.ofSeconds(10)))
                .isEqualTo("j finished: 1,000 done, 0 dead in 0:10 (10 tasks/s)");
    }

    /** Issue 12: "ETA 0:13" said no unit; an ETA names its units. */
    @Test
    void durationsNameTheirUnits() {
        assertThat(ProgressLine.duration(Duration.ofMillis(12_100))).isEqualTo("13 s");
        assertThat(ProgressLine.duration(Duration.ofSeconds(133))).isEqualTo("2 min 13 s");
        assertThat(ProgressLine.duration(Duration.ofSeconds(120))).isEqualTo("2 min");
        assertThat(ProgressLine.duration(Duration.ofSeconds(3_900))).isEqualTo("1 h 5 min");
        assertThat(ProgressLine.duration(Duration.ofHours(27))).isEqualTo("1 d 3 h");
        assertThat(ProgressLine.duration(Duration.ZERO)).isEqualTo("0 s");
    }

    @Test
    void clocksReadAsMinutesOrHours() {
        assertThat(ProgressLine.clock(Duration.ZERO)).isEqualTo("0:00");
        assertThat(ProgressLine.clock(Duration.ofSeconds(59))).isEqualTo("0:59");
        assertThat(ProgressLine.clock(Duration.ofSeconds(3_725))).isEqualTo("1:02:05");
    }
}
