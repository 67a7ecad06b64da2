package dev.pampa.logging;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real agent and worker logging to files as the node facade starts them (PAMPA_LOG_FILE), with
 * short settings: the worker's log is rotated at 1 MB into at most 3 files, and 3,000 tries failing
 * with the same error show as a few lines and a count, as the README says.
 */
class BoundedLogsProcessTest {
    private static final String NOISY = "dev.pampa.testing.jobs.NoisyProcessor";

    @Test
    void aChattyFailingWorkersLogIsRotatedWithinItsBudgetAndItsRepeatedFailuresSummarised() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "log-tests")), "rot");
        DbUrl url = TestPostgres.freshDatabase();
        Path socket = dir.resolve("run/agent.sock");
        Path log = dir.resolve("logs/n01.1.log");
        Files.createDirectories(log.getParent());
        try (Database db = Database.open(url, 2, "test"); RuntimeProcesses procs = new RuntimeProcesses()) {
            db.migrate();
            TaskTables.create(db, "items", 6_000);
            TaskTables.job(db, "noisy", "items", NOISY, "queue_size: 20", "max_try_times: 1");
            procs.startDispatcher(url, dir.resolve("dispatcher.out"));
            RuntimeProcess agent = procs.startAgent(url, "n01", socket, dir.resolve("agent.out"));
            agent.awaitLog("serves workers on", Duration.ofSeconds(60));
            procs.environment("PAMPA_LOG_FILE", log.toString()).environment("PAMPA_LOG_MAX_MB", "1")
                    .environment("PAMPA_LOG_FILES", "3").environment("PAMPA_LOG_SUMMARY_SECONDS", "2");
            RuntimeProcess worker = procs.startServedWorker(url, "n01.1", socket, dir.resolve("n01.1.out"));
            Await.until(Duration.ofSeconds(180), "every task tried", () -> TaskTables.count(db, "pampa_end_time IS NOT NULL", "items") == 6_000);
            Thread.sleep(3_000); // the last summary window ends
            worker.terminate();
            assertThat(worker.waitFor(Duration.ofSeconds(60))).as("worker exit").isZero();

            List<Path> files = logFiles(log);
            // 6,000 lines of ~420 bytes printed: 2.5 MB written, rotated at 1 MB, 3 files kept, the oldest dropped
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("n01.1.log", "n01.1.log.1", "n01.1.log.2");
            for (Path f : files) {
                assertThat(Files.size(f)).as(f + " within a file's size, with the slack of what is written between two size checks (100 ms)").isLessThan(1_500_000);
            }
            assertThat(Files.exists(dir.resolve("logs/n01.1.log.3"))).isFalse();

            List<String> lines = new ArrayList<>();
            for (Path f : files) {
                lines.addAll(Files.readAllLines(f));
            }
            long failureLines = lines.stream().filter(l -> l.contains("failed on its last try") && !l.contains("the same error")).count();
            long summaries = lines.stream().filter(l -> l.contains("the same error") && l.contains("the same failure every time")).count();
            assertThat(summaries).as("summary lines").isPositive();
            assertThat(failureLines).as("failure lines written out of 3,000 failed tries").isLessThan(300);
            assertThat(lines).as("a processor's println reaches the rotated log").anyMatch(l -> l.contains("noisy task "));
            assertThat(Files.size(dir.resolve("n01.1.out"))).as("the JVM's own output carries nothing but what the log cannot").isLessThan(2_000);
        }
    }

    private static List<Path> logFiles(Path log) throws IOException {
        try (Stream<Path> s = Files.list(log.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(log.getFileName().toString())).sorted().toList();
        }
    }
}
