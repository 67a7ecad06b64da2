package dev.pampa.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldNamingTest {

    @Test
    void a_prefix_names_the_tracking_columns_as_the_ruby_pampa_does() {
        assertThat(FieldNaming.withPrefix("odd_checking")).containsEntry("field_id", "odd_checking_reservation_id")
                .containsEntry("field_times", "odd_checking_reservation_times")
                .containsEntry("field_error_description", "odd_checking_error_description")
                .hasSize(7);
    }

    @Test
    void no_prefix_gives_pampas_own_defaults_which_are_those_a_job_file_leaves_out() throws Exception {
        JobSpec minimal = JobYaml.parse("name: j\ntable: t\nprocessor: a.B\n", "test");
        FieldNaming.withPrefix(" ").forEach((param, column) -> assertThat(minimal.fields().byParameter()).containsEntry(param, column));
    }

    @Test
    void the_prefix_a_table_already_uses_is_found_from_its_reservation_id_column() {
        List<String> numbers = List.of("value", "is_odd", "odd_checking_reservation_id", "odd_checking_reservation_time");
        assertThat(FieldNaming.prefixIn(numbers)).contains("odd_checking");
        assertThat(FieldNaming.suggest(numbers, Set.of("value"), null))
                .containsEntry("field_primary_key", "value")
                .containsEntry("field_end_time", "odd_checking_end_time");
        assertThat(FieldNaming.suggest(numbers, Set.of("value"), "billing")).containsEntry("field_id", "billing_reservation_id");
        assertThat(FieldNaming.prefixIn(List.of("a_reservation_id", "b_reservation_id"))).isEmpty();
        assertThat(FieldNaming.suggest(List.of("id", "x"), Set.of("id", "email"), "")).containsEntry("field_primary_key", "id")
                .containsEntry("field_id", "pampa_reservation_id");
    }

    @Test
    void values_typed_in_an_editor_pass_the_same_rules_as_yaml() throws Exception {
        var values = new java.util.LinkedHashMap<String, String>();
        values.put("name", "charge");
        values.put("table", "invoices");
        values.put("processor", "com.example.Charge");
        values.put("queue_size", " 20 ");
        values.put("max_try_times", "");
        JobSpec spec = JobYaml.fromValues(values, "test");
        assertThat(spec.queueSize()).isEqualTo(20);
        assertThat(spec.maxTryTimes()).isEqualTo(JobSpec.DEFAULT_MAX_TRY_TIMES);
        assertThat(JobYaml.fromValues(JobYaml.values(spec), "again")).isEqualTo(spec);

        values.put("queue_size", "0");
        values.put("max_try_times", "three");
        values.put("name", "");
        try {
            JobYaml.fromValues(values, "test");
            throw new AssertionError("accepted");
        } catch (InvalidSpecException e) {
            assertThat(e.problems()).extracting(SpecProblem::parameter).containsExactlyInAnyOrder("queue_size", "max_try_times", "name");
            assertThat(e.problems()).filteredOn(p -> p.parameter().equals("max_try_times")).singleElement()
                    .satisfies(p -> assertThat(p.found()).isEqualTo("'three' is not a whole number"));
        }
    }
}
