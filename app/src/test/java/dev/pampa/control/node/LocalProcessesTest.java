package dev.pampa.control.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.store.DbUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessesTest {
    private static final java.nio.file.Path SOCKET = java.nio.file.Path.of("/tmp/pampa-test-agent/agent.sock");

    private static final DbUrl DB = DbUrl.of("jdbc:postgresql://localhost:1/none", "pampa", "s3cret");

    @TempDir
    Path logs;

    /** Stands in for a runtime command that runs until signalled. */
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

    /** Stands in for a runtime command that ignores SIGTERM for longer than any grace period. */
    public static final class Stubborn {
        public static void main(String[] args) throws InterruptedException {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException ignored) {
                    // killed
                }
            }));
            System.out.println("sleeping");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Stands in for a runtime command that fails at once, with its one-line error. */
    public static final class Failing {
        public static void main(String[] args) {
            System.err.println("pampa: worker is broken");
            System.exit(3);
        }
    }

    private LocalProcesses processes(Class<?> main) {
        return new LocalProcesses(System.getProperty("java.class.path"), DB, logs, main.getName());
    }

    /** The fake runtime's stdout, which goes to NAME.out beside the log the real runtime writes itself. */
    private static java.nio.file.Path output(LocalProcess p) {
        return p.logFile().resolveSibling(p.logFile().getFileName().toString().replace(".log", ".out"));
    }

    private static void awaitLog(LocalProcess p, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(output(p)) || !Files.readString(output(p)).contains(text)) {
            assertThat(System.nanoTime()).as("%s logs '%s'", p, text).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void startsTheDispatcherAndWorkersWithTheDatabaseInTheEnvironment() throws Exception {
        try (LocalProcesses procs = processes(Sleeper.class)) {
            LocalProcess dispatcher = procs.startDispatcher();
            LocalProcess worker = procs.startWorker("local.1", SOCKET);
            awaitLog(dispatcher, "sleeping");
            awaitLog(worker, "sleeping");

            assertThat(dispatcher.logFile()).isEqualTo(logs.resolve("dispatcher.log"));
            assertThat(worker.logFile()).isEqualTo(logs.resolve("local.1.log"));
            assertThat(Files.readString(worker.logFile()))
                    .contains(" started: worker --name local.1 --agent-socket " + SOCKET + " ----");
            assertThat(Files.readString(output(worker)))
                    .contains("PAMPA_DB carries the credentials")
                    .contains("args [worker, --name, local.1, --agent-socket, " + SOCKET + "]");
            assertThat(Files.readString(output(dispatcher))).contains("args [dispatcher]");
            assertThat(ProcessHandle.of(worker.pid()).orElseThrow().info().commandLine().orElse(""))
                    .contains("local.1").doesNotContain("s3cret");
            assertThat(Files.readAllLines(logs.resolve(LocalProcesses.PID_FILE)))
                    .containsExactly(dispatcher.pid() + " dispatcher", worker.pid() + " local.1");
        }
    }

    @Test
    void stopAllAsksPolitelyThenKillsWhatIsLeft() throws Exception {
        try (LocalProcesses procs = processes(Sleeper.class);
             LocalProcesses stubborn = processes(Stubborn.class)) {
            LocalProcess polite = procs.startWorker("local.1", SOCKET);
            LocalProcess deaf = stubborn.startWorker("local.2", SOCKET);
            awaitLog(polite, "sleeping");
            awaitLog(deaf, "sleeping");

            assertThat(procs.stopAll(Duration.ofSeconds(20))).isEmpty();
            assertThat(polite.exitCode()).hasValue(143);
            assertThat(polite.lastLogLine()).isEqualTo("stopping on signal");

            long start = System.nanoTime();
            assertThat(stubborn.stopAll(Duration.ofSeconds(2))).containsExactly(deaf);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(deaf.isAlive()).isFalse();
            assertThat(logs.resolve(LocalProcesses.PID_FILE)).as("no child left, no pid file").doesNotExist();
        }
    }

    @Test
    void aFailedChildShowsItsExitCodeAndItsError() throws Exception {
        try (LocalProcesses procs = processes(Failing.class)) {
            LocalProcess worker = procs.startWorker("local.1", SOCKET);
            worker.process().waitFor();

            assertThat(worker.exitCode()).hasValue(3);
            assertThat(worker.lastLogLine()).isEqualTo("pampa: worker is broken");
        }
    }

    @Test
    void findsChildrenLeftRunningByAnEarlierRun() throws Exception {
        LocalProcesses earlier = processes(Sleeper.class);
        LocalProcess orphan = earlier.startWorker("local.1", SOCKET);
        try {
            awaitLog(orphan, "sleeping");
            assertThat(LocalProcesses.leftRunning(logs)).extracting(ProcessHandle::pid).containsExactly(orphan.pid());
        } finally {
            earlier.stopAll(Duration.ofSeconds(10));
        }
        assertThat(LocalProcesses.leftRunning(logs)).isEmpty();
    }

    @Test
    void ignoresPidsThatAreNotTheNamedProcess() throws IOException {
        Files.writeString(logs.resolve(LocalProcesses.PID_FILE), ProcessHandle.current().pid() + " local.1\n999999999 local.2\n");
        assertThat(LocalProcesses.leftRunning(logs)).as("this test JVM runs, but it is no worker local.1").isEmpty();
    }
}
