package dev.pampa.control.node;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.shell.RemoteCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pampa.control.testing.FakeRuntimeJar;
import dev.pampa.control.testing.FakeRuntimeMain;
import dev.pampa.store.DbUrl;

/** What deploy does on any node, over SSH or on the local node. */
abstract class DeployContract {

    /** Spaces, a ';', a command substitution and a quote: all must reach the node as plain characters. */
    static final String AWKWARD_BASE = "pampa base; $(touch PWNED) 'q'";
    static final DbUrl DB = DbUrl.of("jdbc:postgresql://127.0.0.1:5432/pampa", "operator", "s3cr&t'pw$x");

    @TempDir
    Path dir;

    abstract NodeShell shell();

    Path base() {
        return dir.resolve("node").resolve(AWKWARD_BASE);
    }

    Path runtimeJar(long seed) throws Exception {
        return FakeRuntimeJar.write(dir.resolve("local/v" + seed + "/pampa-runtime-0.1.jar"), FakeRuntimeMain.class, 256 * 1024, seed);
    }

    Path jobJar(String name, long seed) throws Exception {
        return FakeRuntimeJar.write(dir.resolve("local/jobs" + seed + "/" + name), FakeRuntimeMain.class, 1024, seed);
    }

    @Test
    void a_second_deploy_skips_every_unchanged_file_and_a_changed_jar_is_sent_again() throws Exception {
        Path runtime = runtimeJar(1);
        Path job = jobJar("odd-numbers.jar", 1);

        DeployReport first = new Deploy(shell()).deploy(base().toString(), runtime, List.of(job), DB);

        assertThat(first.sent()).containsExactly("lib/pampa-runtime.jar", "jobs/odd-numbers.jar");
        assertThat(first.skipped()).isEmpty();
        assertThat(first.bytesSent()).isEqualTo(Files.size(runtime) + Files.size(job));
        assertThat(first.baseDirectory()).isEqualTo(base().toRealPath().toString());
        assertThat(Files.readAllBytes(base().resolve("lib/pampa-runtime.jar"))).isEqualTo(Files.readAllBytes(runtime));
        assertThat(Files.readAllBytes(base().resolve("jobs/odd-numbers.jar"))).isEqualTo(Files.readAllBytes(job));

        DeployReport second = new Deploy(shell()).deploy(base().toString(), runtime, List.of(job), DB);

        assertThat(second.changedNothing()).isTrue();
        assertThat(second.skipped()).containsExactly("lib/pampa-runtime.jar", "jobs/odd-numbers.jar");
        assertThat(second.bytesSent()).isZero();

        Path changedJob = jobJar("odd-numbers.jar", 2);
        DeployReport third = new Deploy(shell()).deploy(base().toString(), runtime, List.of(changedJob), DB);

        assertThat(third.sent()).containsExactly("jobs/odd-numbers.jar");
        assertThat(third.skipped()).containsExactly("lib/pampa-runtime.jar");
        assertThat(Files.readAllBytes(base().resolve("jobs/odd-numbers.jar"))).isEqualTo(Files.readAllBytes(changedJob));
        assertThat(leftovers()).isEmpty();
        assertThat(Files.exists(base().resolve("PWNED")) || Files.exists(dir.resolve("node/PWNED"))).isFalse();
    }

    @Test
    void the_runtime_config_is_private_and_holds_the_url_with_its_credentials() throws Exception {
        new Deploy(shell()).deploy(base().toString(), runtimeJar(1), List.of(), DB);

        Path config = base().resolve("pampa.env");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(Files.readString(config)).contains(RemoteCommand.quote(DB.withCredentials()));
        assertThat(sourced(config)).isEqualTo(DB.withCredentials());
    }

    @Test
    void a_temporary_file_left_by_an_interrupted_deploy_is_removed_and_the_jar_completed() throws Exception {
        Path runtime = runtimeJar(1);
        Files.createDirectories(base().resolve("lib"));
        Files.write(base().resolve("lib/.pampa-runtime.jar" + Deploy.TEMP_SUFFIX), new byte[1000]);

        DeployReport report = new Deploy(shell()).deploy(base().toString(), runtime, List.of(), DB);

        assertThat(report.sent()).containsExactly("lib/pampa-runtime.jar");
        assertThat(Files.readAllBytes(base().resolve("lib/pampa-runtime.jar"))).isEqualTo(Files.readAllBytes(runtime));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void a_job_jar_name_that_is_not_a_plain_file_name_is_refused_before_anything_runs() throws Exception {
        Path job = jobJar(".hidden;rm.jar", 1);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new Deploy(shell()).deploy(base().toString(), runtimeJar(1), List.of(job), DB))
                .isInstanceOfSatisfying(NodeOperationException.class, e -> assertThat(e.problem().cause()).contains(".hidden;rm.jar"));
        assertThat(base()).doesNotExist();
    }

    List<Path> leftovers() throws Exception {
        try (Stream<Path> files = Files.walk(base())) {
            return files.filter(p -> p.getFileName().toString().endsWith(Deploy.TEMP_SUFFIX)).toList();
        }
    }

    /** What a shell gets in PAMPA_DB after sourcing the file, as the start script does. */
    static String sourced(Path config) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", ". \"$1\" && printf '%s' \"$PAMPA_DB\"", "sh", config.toString()).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
