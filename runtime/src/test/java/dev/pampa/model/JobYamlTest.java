package dev.pampa.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.util.List;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobYamlTest {
    private static final String MINIMAL = """
            name: odd
            table: numbers
            processor: com.example.OddProcessor
            """;

    private static InvalidSpecException invalid(String yaml) {
        return catchThrowableOfType(InvalidSpecException.class, () -> JobYaml.parse(yaml, "test.yaml"));
    }

    @Test
    void leftOutParametersTakeTheDefaultsOfTheRubyPampa() throws Exception {
        JobSpec spec = JobYaml.parse(MINIMAL, "test.yaml");

        assertThat(spec.queueSize()).isEqualTo(5);
        assertThat(spec.maxJobDurationMinutes()).isEqualTo(15);
        assertThat(spec.maxTryTimes()).isEqualTo(3);
        assertThat(spec.retryDelaySeconds()).isZero();
        assertThat(spec.fields()).isEqualTo(new FieldMap("id", "pampa_reservation_id", "pampa_reservation_time",
                "pampa_reservation_times", "pampa_start_time", "pampa_end_time", "pampa_success", "pampa_error_description"));
        assertThat(spec.selectingFunction()).isNull();
        assertThat(spec.maxAssignedWorkers()).isNull();
        assertThat(spec.elastic()).isFalse();
    }

    @Test
    void badSyntaxNamesTheLine() {
        InvalidSpecException e = invalid("name: odd\ntable: [numbers\nprocessor: x.Y\n");

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.parameter()).isEqualTo("document");
            assertThat(p.found()).startsWith("not valid YAML (line ");
            assertThat(p.fix()).isEqualTo("fix the YAML syntax");
        });
    }

    @Test
    void unknownParameterSuggestsTheCloseName() {
        InvalidSpecException e = invalid(MINIMAL + "queue_szie: 3\n");

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.parameter()).isEqualTo("queue_szie");
            assertThat(p.found()).isEqualTo("unknown parameter (line 4)");
            assertThat(p.fix()).isEqualTo("did you mean queue_size?");
        });
    }

    @Test
    void outOfRangeValueNamesTheRangeAndTheDefault() {
        InvalidSpecException e = invalid(MINIMAL + "queue_size: 0\n");

        assertThat(e.problems()).containsExactly(new SpecProblem("queue_size", "0 is out of range",
                "use a value from 1 to 100000 (or leave it out for 5)"));
    }

    @Test
    void optionalLimitHasNoDefaultToOffer() {
        InvalidSpecException e = invalid(MINIMAL + "max_assigned_workers: -1\n");

        assertThat(e.problems()).containsExactly(new SpecProblem("max_assigned_workers", "-1 is out of range",
                "use a value from 1 to 100000 (or leave it out)"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidSpecException e = invalid("""
                name: odd job
                colour: blue
                queue_size: many
                max_try_times: 0
                field_id: same
                field_time: same
                """);

        assertThat(e.problems()).extracting(SpecProblem::parameter)
                .containsExactlyInAnyOrder("colour", "queue_size", "name", "table", "max_try_times", "field_time", "processor");
        assertThat(e.problems()).filteredOn(p -> p.parameter().equals("queue_size")).singleElement()
                .isEqualTo(new SpecProblem("queue_size", "'many' is not a whole number (line 3)", "write a whole number"));
        assertThat(e.getMessage()).startsWith("job test.yaml: ");
    }

    @Test
    void keyGivenTwiceIsReported() {
        InvalidSpecException e = invalid(MINIMAL + "queue_size: 3\nqueue_size: 4\n");

        assertThat(e.problems()).containsExactly(new SpecProblem("queue_size", "given 2 times (lines 4, 5)", "keep one"));
    }

    @Test
    void emptyAndNonMappingDocumentsAreRefused() {
        assertThat(invalid("").problems()).extracting(SpecProblem::found).containsExactly("empty");
        assertThat(invalid("- a\n- b\n").problems()).extracting(SpecProblem::found).containsExactly("not a mapping (line 1)");
    }

    @Test
    void missingFileNamesThePath(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> JobYaml.read(file));

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.found()).contains(file.toString()));
    }

    @Test
    void writtenJobReadsBackEqual(@TempDir Path dir) throws Exception {
        JobSpec spec = new JobSpec("odd", "work.numbers", new FieldMap("n", "rid", "rtime", "rtimes", "started", "ended", "ok", "err"),
                12, 30, 4, 60, "com.example.OddProcessor", "com.example.Selecting", null, "com.example.Occupied", null,
                500, 8, "n0[1-4]\\..*");
        Path file = dir.resolve("odd.yaml");
        Files.writeString(file, JobYaml.write(spec));

        assertThat(JobYaml.read(file)).isEqualTo(spec);
        assertThat(Files.readString(file)).doesNotContain("relaunching_function").contains("max_pending_tasks: 500");
    }

    @Test
    void scheduleParametersAreReadCheckedAndWrittenBack() throws Exception {
        JobSpec spec = JobYaml.parse("name: j\ntable: t\nprocessor: a.B\nfield_scheduled_time: run_at\n"
                + "schedule: '0 0 */3 * * ?'\nschedule_time_zone: Europe/Paris\nreporting_function: a.Figures\n", "test");
        assertThat(spec.fields().scheduledTime()).isEqualTo("run_at");
        assertThat(spec.fields().byParameter()).containsEntry("field_scheduled_time", "run_at");
        assertThat(spec.schedule()).isEqualTo("0 0 */3 * * ?");
        assertThat(spec.reportingFunction()).isEqualTo("a.Figures");
        assertThat(spec.recurring().nextAfter(java.time.Instant.parse("2026-01-01T00:30:00Z")))
                .contains(java.time.Instant.parse("2026-01-01T02:00:00Z")).as("03:00 in Paris");
        assertThat(JobYaml.parse(JobYaml.write(spec), "again")).isEqualTo(spec);
        assertThat(JobYaml.parse("name: j\ntable: t\nprocessor: a.B\n", "test").fields().byParameter()).doesNotContainKey("field_scheduled_time");
    }

    @Test
    void aBadCronExpressionOrTimeZoneIsOneLineNamingTheFix() {
        assertThatThrownBy(() -> JobYaml.parse("name: j\ntable: t\nprocessor: a.B\nschedule: '0 0 25 * * ?'\n", "test"))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> {
                    List<SpecProblem> p = ((InvalidSpecException) e).problems();
                    assertThat(p).hasSize(1);
                    assertThat(p.get(0).parameter()).isEqualTo("schedule");
                    assertThat(p.get(0).toString()).startsWith("schedule: '0 0 25 * * ?' is not a Quartz cron expression (")
                            .contains("e.g. '0 0 */3 * * ?'").doesNotContain("\n");
                });
        assertThatThrownBy(() -> JobYaml.parse("name: j\ntable: t\nprocessor: a.B\nschedule: 'every hour'\n", "test"))
                .hasMessageContaining("schedule: 'every hour' is not a Quartz cron expression");
        assertThatThrownBy(() -> JobYaml.parse("name: j\ntable: t\nprocessor: a.B\nschedule: '* * * * * ?'\nschedule_time_zone: Mars/Olympus\n", "test"))
                .hasMessageContaining("schedule_time_zone: 'Mars/Olympus' is not a time zone");
        assertThatThrownBy(() -> JobYaml.parse("name: j\ntable: t\nprocessor: a.B\nschedule_time_zone: UTC\n", "test"))
                .hasMessageContaining("schedule_time_zone: set without schedule");
    }
}
