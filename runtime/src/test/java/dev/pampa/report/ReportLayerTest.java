package dev.pampa.report;

import dev.pampa.testing.ClassReferences;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report records hold no SQL: they know nothing of jOOQ or the store that fills them, so that the
 * cockpit can show them without reaching the database's API.
 */
class ReportLayerTest {
    @Test
    void reportsReferToNeitherJooqNorTheStore() {
        Map<String, Set<String>> report = ClassReferences.of(JobProgress.class, "dev.pampa.report");
        assertThat(report).containsKeys("dev.pampa.report.JobProgress", "dev.pampa.report.WorkersView$WorkerRow");
        assertThat(ClassReferences.offending(report, List.of("org.jooq.", "dev.pampa.store."))).isEmpty();
        assertThat(ClassReferences.offending(ClassReferences.of(JobProgress.class, "dev.pampa.store.monitor"), List.of("org.jooq.")))
                .as("the check sees jOOQ where it is").isNotEmpty();
    }
}
