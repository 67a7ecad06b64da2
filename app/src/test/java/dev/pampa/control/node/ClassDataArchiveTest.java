package dev.pampa.control.node;

import dev.pampa.control.shell.LocalShell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.testing.FailingRuntimeMain;
import dev.pampa.control.testing.FakeRuntimeJar;
import dev.pampa.control.testing.FakeRuntimeMain;
import dev.pampa.control.testing.ProcessState;
import dev.pampa.store.DbUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class data archive on the local node, trained on a small fake runtime jar by the real JVM. */
class ClassDataArchiveTest {
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final DbUrl DB = DbUrl.of("jdbc:postgresql://127.0.0.1:5432/pampa", "operator", "hunter2-secret");

    @TempDir
    Path dir;

    private final LocalShell shell = new LocalShell();
    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private Path base() {
        return dir.resolve("node");
    }

    private Path archive() {
        return base().resolve("lib/" + ClassDataArchive.FILE);
    }

    private NodeRuntime deployed(Class<?> main) throws Exception {
        Path jar = FakeRuntimeJar.write(dir.resolve("local/pampa-runtime.jar"), main);
        new Deploy(shell).deploy(base().toString(), jar, List.of(), DB);
        return new NodeRuntime(JAVA, base().toString(), null, null);
    }

    private String startedCommandLine(ProcessControl control, String worker) throws Exception {
        long pid = control.startWorker(worker).pid();
        started.add(pid);
        Path log = base().resolve("logs/" + worker + ".out"); // the fake runtime prints on stdout, which goes to NAME.out
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains("fake runtime ready"))) {
            assertThat(System.nanoTime()).as("%s never got ready: %s", worker, Files.exists(log) ? Files.readString(log) : "no log")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
        return ProcessControlContract.commandLine(pid);
    }

    @Test
    void a_deploy_trains_the_archive_once_and_workers_map_it_while_it_is_newer_than_the_jar() throws Exception {
        NodeRuntime runtime = deployed(FakeRuntimeMain.class);

        ClassDataArchive.Outcome created = ClassDataArchive.refresh(shell, runtime);
        ClassDataArchive.Outcome again = ClassDataArchive.refresh(shell, runtime);

        assertThat(created.created()).as(created.describe()).isTrue();
        assertThat(Files.size(archive())).isPositive();
        assertThat(Files.readString(base().resolve("logs/cds-training.log"))).contains("fake class data training");
        assertThat(again.current()).isTrue();
        assertThat(again.describe()).isEqualTo("class data archive up to date");
        ProcessControl control = new ProcessControl(shell, runtime);
        assertThat(startedCommandLine(control, "n01.1"))
                .contains(" -XX:SharedArchiveFile=" + archive().toRealPath() + " -Xshare:auto " + String.join(" ", ProcessControl.WORKER_JVM_OPTIONS));
        assertThat(control.stopWorker("n01.1", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
    }

    @Test
    void an_archive_older_than_the_jar_is_left_out_until_the_next_refresh_replaces_it() throws Exception {
        NodeRuntime runtime = deployed(FakeRuntimeMain.class);
        assertThat(ClassDataArchive.refresh(shell, runtime).created()).isTrue();
        // a jar put in place after the archive was trained, as a deploy of a new runtime does
        Files.setLastModifiedTime(archive(), FileTime.from(Instant.now().minusSeconds(3600)));

        String commandLine = startedCommandLine(new ProcessControl(shell, runtime), "n01.2");

        assertThat(commandLine).doesNotContain("SharedArchiveFile");
        assertThat(ClassDataArchive.refresh(shell, runtime).created()).isTrue();
    }

    @Test
    void an_unusable_archive_never_stops_a_worker_from_starting() throws Exception {
        NodeRuntime runtime = deployed(FakeRuntimeMain.class);
        Files.writeString(archive(), "not an archive, say one written by another Java");

        String commandLine = startedCommandLine(new ProcessControl(shell, runtime), "n01.3");

        assertThat(commandLine).contains("-XX:SharedArchiveFile=");
        assertThat(ProcessState.alive(started.get(0))).isTrue();
    }

    @Test
    void a_failed_training_leaves_no_archive_and_says_where_to_look() throws Exception {
        NodeRuntime runtime = deployed(FailingRuntimeMain.class);

        ClassDataArchive.Outcome outcome = ClassDataArchive.refresh(shell, runtime);

        assertThat(outcome.created()).isFalse();
        assertThat(outcome.current()).isFalse();
        assertThat(outcome.describe()).startsWith("no class data archive (the training run failed: see ")
                .endsWith("cds-training.log); workers start without it");
        assertThat(archive()).doesNotExist();
        assertThat(base().resolve("lib/.pampa-runtime.jsa.pampa-upload")).doesNotExist();
        assertThat(Files.readString(base().resolve("logs/cds-training.log"))).contains("this runtime is broken");
    }
}
