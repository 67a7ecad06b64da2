package dev.pampa.dispatch;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.JobFigures;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An allowing function that reads the database (the Ruby README's credit check) and a reporting
 * function, with a real dispatcher, a node's agent and a served worker on a real PostgreSQL (issue 10).
 */
class FunctionsWithDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void theCreditCheckAllowsTasksOnlyWhileCreditsAreLeftAndTheReportingFunctionsFiguresAreKept() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = DispatcherProcessTest.open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 30);
            TaskTables.execute(db, "UPDATE items SET work_ms = 7");
            TaskTables.execute(db, "CREATE TABLE credits (left_credits INT)");
            TaskTables.execute(db, "INSERT INTO credits VALUES (0)");
            TaskTables.job(db, "credits", "items", "dev.pampa.testing.jobs.RecordingProcessor",
                    "allowing_function: dev.pampa.testing.jobs.CreditCheck", "reporting_function: dev.pampa.testing.jobs.DoneFigures");
            Path socket = dir.resolve("run/agent.sock");
            procs.startDispatcher(url, dir.resolve("d.log"));
            procs.startAgent(url, "n01", socket, dir.resolve("agent.log"));
            procs.startServedWorker(url, "n01.1", socket, dir.resolve("w1.log"));
            Await.until(Duration.ofSeconds(60), "the worker registered", () -> TaskTables.count(db, "state = 'running'", "pampa.worker") == 1);
            Await.until(Duration.ofSeconds(30), "a figure sample", () -> TaskTables.count(db, "job = 'credits'", "pampa.job_figure") >= 2);
            assertThat(TaskTables.count(db, "true", "runs")).as("no credits: the allowing function allowed nothing").isZero();

            TaskTables.execute(db, "UPDATE credits SET left_credits = 1");
            Await.until(Duration.ofSeconds(60), "every task done once credits are there", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 30);
            Await.until(Duration.ofSeconds(30), "the figures of the finished run",
                    () -> Double.valueOf(30).equals(new JobFigures(db.dsl()).latest("credits").get("rows done")));
            Map<String, Double> latest = new JobFigures(db.dsl()).latest("credits");
            assertThat(latest).containsEntry("rows done", 30.0).containsEntry("work ms done", 210.0);
            dev.pampa.testing.CliRun status = dev.pampa.testing.CliRun.of("status", "--db=" + db.url().withCredentials());
            assertThat(status.out()).as(status.toString()).contains("figures of credits: rows done 30, work ms done 210");
        }
    }

    @Test
    void aSlowAllowingFunctionIsCancelledAtTheTimeoutLoggedOnceAMinuteAndAllowsNothingAndABrokenReportGivesNoFigures() throws Exception {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = DispatcherProcessTest.open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 10);
            TaskTables.create(db, "others", 10);
            TaskTables.job(db, "slow", "items", "dev.pampa.testing.jobs.RecordingProcessor",
                    "allowing_function: dev.pampa.testing.jobs.SlowCreditCheck", "reporting_function: dev.pampa.testing.jobs.BrokenFigures");
            TaskTables.job(db, "plain", "others", "dev.pampa.testing.NoopProcessor");
            Path socket = dir.resolve("run/agent.sock");
            procs.startDispatcher(url, dir.resolve("d.log"));
            RuntimeProcess agent = procs.startAgent(url, "n01", socket, dir.resolve("agent.log"), "--function-timeout-ms", "200");
            procs.startServedWorker(url, "n01.1", socket, dir.resolve("w1.log"));
            Await.until(Duration.ofSeconds(60), "the other job's tasks done: the slow function did not stall the agent",
                    () -> TaskTables.count(db, "pampa_success IS TRUE", "others") == 10);
            Thread.sleep(6_000);
            assertThat(TaskTables.count(db, "true", "runs")).as("a function that times out allows nothing").isZero();
            assertThat(TaskTables.count(db, "job = 'slow'", "pampa.job_figure")).as("a report that fails gives no figures").isZero();
            String agentLog = Files.readString(dir.resolve("agent.log"));
            assertThat(agentLog).contains("allowing_function dev.pampa.testing.jobs.SlowCreditCheck failed")
                    .contains("a statement ran longer than the function timeout (200 ms)");
            assertThat(agentLog.lines().filter(l -> l.contains("SlowCreditCheck failed")).count()).as("logged once a minute, not every round").isEqualTo(1);
            String dispatcherLog = Files.readString(dir.resolve("d.log"));
            assertThat(dispatcherLog.lines().filter(l -> l.contains("reporting_function dev.pampa.testing.jobs.BrokenFigures failed")).count()).isEqualTo(1);
            assertThat(dispatcherLog).contains("read-only transaction");
            assertThat(agent.isAlive()).isTrue();
        }
    }
}
