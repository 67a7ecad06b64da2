package dev.pampa.control.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.model.JobSpec;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.JobStore;
import dev.pampa.store.NodeStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cockpit's first run: the embedded database seeded once, shared by a second cockpit, and the operator's changes kept. */
class EmbeddedDefaultTest {
    @TempDir
    Path home;

    @Test
    void first_open_seeds_a_second_open_shares_the_running_server_and_keeps_the_operators_changes() throws IOException {
        EmbeddedDefault.Location where = new EmbeddedDefault.Location(home.resolve("db"), EmbeddedDatabaseTest.freePort(), home.resolve("logs"));
        List<String> steps = new ArrayList<>();

        try (OperatorDatabase first = EmbeddedDefault.open(where, steps::add)) {
            assertThat(first.ownsServer()).isTrue();
            assertThat(first.description()).isEqualTo("embedded PostgreSQL on localhost:" + where.port());
            assertThat(steps).first().asString().startsWith("Starting the embedded database");
            var dsl = first.database().dsl();
            assertThat(dsl.fetchValue("SELECT count(*) FROM numbers")).isEqualTo(100_000L);
            JobSpec job = new JobStore(dsl).find("search_odd_numbers").orElseThrow().spec();
            NodeSpec local = new NodeStore(dsl).find(NodeSpec.LOCAL).orElseThrow().spec();
            assertThat(local.maxWorkers()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(dsl.fetchValue("SHOW fsync")).isEqualTo("on");
            assertThat(dsl.fetchValue("SHOW synchronous_commit")).isEqualTo("on");
            // the operator edits the seeded job and node
            new JobStore(dsl).save(new JobSpec(job.name(), job.table(), job.fields(), 77, job.maxJobDurationMinutes(), job.maxTryTimes(),
                    job.retryDelaySeconds(), job.processor(), job.selectingFunction(), job.relaunchingFunction(), job.occupiedFunction(),
                    job.allowingFunction(), job.maxPendingTasks(), job.maxAssignedWorkers(), job.filterWorkerId()));
            new NodeStore(dsl).save(new NodeSpec(local.name(), local.host(), local.port(), local.user(), local.auth(), local.keyPath(),
                    1, local.javaCommand(), local.baseDir(), local.maxRamMb(), local.maxCpuPercent()));

            steps.clear();
            try (OperatorDatabase second = EmbeddedDefault.open(where, steps::add)) {
                assertThat(second.ownsServer()).as("the second finds the server running and does not start another").isFalse();
                assertThat(second.description()).endsWith("(started by another Pampa)");
                assertThat(steps).first().asString().startsWith("Using the embedded database already running");
                var dsl2 = second.database().dsl();
                assertThat(new JobStore(dsl2).find("search_odd_numbers").orElseThrow().spec().queueSize()).isEqualTo(77);
                assertThat(new NodeStore(dsl2).find(NodeSpec.LOCAL).orElseThrow().spec().maxWorkers()).isEqualTo(1);
                assertThat(dsl2.fetchValue("SELECT count(*) FROM numbers")).isEqualTo(100_000L);
            }
            assertThat(EmbeddedDatabase.runningServerPid(where.dataDirectory())).as("closing the second leaves the server to the first").isPresent();
        }
        assertThat(EmbeddedDatabase.runningServerPid(where.dataDirectory())).as("closing the first stops it").isEmpty();
    }
}
