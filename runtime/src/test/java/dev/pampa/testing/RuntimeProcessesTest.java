package dev.pampa.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.store.DbUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeProcessesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DbUrl DB = DbUrl.of("jdbc:postgresql://localhost:1/none", "pampa", "s3cret");

    @TempDir
    Path dir;

    /** Stands in for a long-running worker: says what it received, then sleeps until signalled. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopping on signal")));
            String db = System.getenv("PAMPA_DB");
            System.out.println("PAMPA_DB " + (db != null && db.contains("password=s3cret") ? "carries the credentials" : "is missing"));
            System.out.println("args " + List.of(args));
            System.out.println("sleeping");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void runsTheRuntimeCommandsFromThisClassPath() {
        try (RuntimeProcesses procs = new RuntimeProcesses()) {
            RuntimeProcess worker = procs.startWorker(DB, "local.1", dir.resolve("w.log"), "--help");
            RuntimeProcess dispatcher = procs.startDispatcher(DB, dir.resolve("d.log"), "--help");

            assertThat(worker.waitFor(WAIT)).isZero();
            assertThat(dispatcher.waitFor(WAIT)).isZero();
            assertThat(worker.log()).contains("Usage: pampa-runtime worker");
            assertThat(dispatcher.log()).contains("Usage: pampa-runtime dispatcher");
        }
    }

    @Test
    void passesTheDatabaseInTheEnvironmentNotInTheArguments() {
        try (RuntimeProcesses procs = new RuntimeProcesses()) {
            RuntimeProcess p = procs.startJava(Sleeper.class.getName(), DB, "sleeper", dir.resolve("s.log"), "--name", "n.1");
            p.awaitLog("sleeping", WAIT);

            assertThat(p.log()).contains("PAMPA_DB carries the credentials").contains("args [--name, n.1]");
            String commandLine = ProcessHandle.of(p.pid()).orElseThrow().info().commandLine().orElse("");
            assertThat(commandLine).contains(Sleeper.class.getName()).doesNotContain("s3cret");
        }
    }

    @Test
    void terminateSendsSigtermAndKill9SendsSigkill() {
        try (RuntimeProcesses procs = new RuntimeProcesses()) {
            RuntimeProcess polite = procs.startJava(Sleeper.class.getName(), DB, "polite", dir.resolve("p.log"));
            RuntimeProcess killed = procs.startJava(Sleeper.class.getName(), DB, "killed", dir.resolve("k.log"));
            polite.awaitLog("sleeping", WAIT);
            killed.awaitLog("sleeping", WAIT);

            polite.terminate();
            killed.kill9();

            assertThat(polite.waitFor(WAIT)).isEqualTo(143);
            assertThat(polite.log()).contains("stopping on signal");
            assertThat(killed.waitFor(WAIT)).isEqualTo(137);
            assertThat(killed.log()).doesNotContain("stopping on signal");
        }
    }

    @Test
    void closingKillsWhatIsLeft() {
        RuntimeProcess left;
        try (RuntimeProcesses procs = new RuntimeProcesses()) {
            left = procs.startJava(Sleeper.class.getName(), null, "left", dir.resolve("l.log"));
            left.awaitLog("sleeping", WAIT);
            assertThat(left.log()).contains("PAMPA_DB is missing");
        }
        assertThat(left.isAlive()).isFalse();
        assertThat(ProcessHandle.of(left.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
