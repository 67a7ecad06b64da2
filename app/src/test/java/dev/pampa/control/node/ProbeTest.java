package dev.pampa.control.node;

import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.LocalShell;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.NodeAddress;
import dev.pampa.control.ssh.SshLogin;
import dev.pampa.control.ssh.SshNodeShell;
import dev.pampa.control.ssh.SshSession;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pampa.control.testing.TestSshServer;

class ProbeTest {

    @TempDir
    Path dir;

    private TestSshServer server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private ProbeReport probe(String loginNoise, ProbeSettings settings) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        server = TestSshServer.start(home, "pw", TestSshServer.newHostKey(), loginNoise);
        HostKeyTrust trust = new HostKeyTrust(dir.resolve("known_hosts"), null, true);
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        NodeAddress address = new NodeAddress("127.0.0.1", server.port(), TestSshServer.USER);
        try (SshSession session = SshSession.open(address, new SshLogin.WithPassword("pw".toCharArray()), trust,
                SshSession.Timeouts.defaults())) {
            return Probe.run(new SshNodeShell(session), settings);
        }
    }

    private static String local(String... command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    @Test
    void reports_the_real_machines_facts_and_no_problem() throws Exception {
        ProbeReport report = probe("", new ProbeSettings("java", "~/.pampa"));

        assertThat(report.problems()).isEmpty();
        assertThat(report.ready()).isTrue();
        assertThat(report.loginNoise()).isEmpty();
        assertThat(report.os()).isEqualTo(local("uname", "-s"));
        assertThat(report.architecture()).isEqualTo(local("uname", "-m"));
        assertThat(report.cpuCount()).isEqualTo(Integer.parseInt(local("nproc")));
        assertThat(report.memoryKb()).isEqualTo(Long.parseLong(local("sh", "-c", "grep MemTotal /proc/meminfo | tr -dc 0-9")));
        assertThat(report.baseDirectory()).isEqualTo(dir.resolve("home/.pampa").toString());
        assertThat(report.baseDirectoryWritable()).isTrue();
        assertThat(dir.resolve("home/.pampa")).isDirectory().isEmptyDirectory();
        assertThat(report.freeDiskKb()).isPositive();
        assertThat(report.java().major()).isGreaterThanOrEqualTo(17);
        assertThat(report.java().foundAt()).isEqualTo(local("sh", "-c", "command -v java"));
    }

    @Test
    void the_local_node_is_probed_through_this_machines_shell_without_ssh() throws Exception {
        Path base = dir.resolve("local-base");

        ProbeReport report = Probe.run(new LocalShell(), new ProbeSettings("java", base.toString()));

        assertThat(report.problems()).isEmpty();
        assertThat(report.node()).isEqualTo("the local node");
        assertThat(report.cpuCount()).isEqualTo(Integer.parseInt(local("nproc")));
        assertThat(report.baseDirectory()).isEqualTo(base.toString());
        assertThat(base).isDirectory().isEmptyDirectory();
        assertThat(report.java().foundAt()).isEqualTo(local("sh", "-c", "command -v java"));
    }

    @Test
    void a_noisy_login_shell_is_reported_with_the_file_to_fix_and_does_not_garble_the_facts() throws Exception {
        ProbeReport report = probe("Welcome to node1!\n", ProbeSettings.defaults());

        assertThat(report.loginNoise()).isEqualTo("Welcome to node1!\n");
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.step()).isEqualTo(NodeStep.PROBE_LOGIN_SHELL);
            assertThat(p.cause()).contains("Welcome to node1!");
            assertThat(p.fix()).contains("~/.bashrc");
        });
        assertThat(report.os()).isEqualTo(local("uname", "-s"));
        assertThat(report.cpuCount()).isEqualTo(Integer.parseInt(local("nproc")));
        assertThat(report.java().major()).isGreaterThanOrEqualTo(17);
    }

    @Test
    void a_missing_java_is_a_problem_that_says_where_it_looked() throws Exception {
        ProbeReport report = probe("", new ProbeSettings("/nonexistent/java", dir.resolve("base").toString()));

        assertThat(report.java().foundAt()).isNull();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.step()).isEqualTo(NodeStep.PROBE_JAVA);
            assertThat(p.cause()).contains("no Java found at /nonexistent/java");
            assertThat(p.fix()).contains("17");
        });
    }

    @Test
    void a_java_on_the_path_that_is_not_there_says_which_path_was_searched() throws Exception {
        ProbeReport report = probe("", new ProbeSettings("no-such-java-xyz", dir.resolve("base").toString()));

        assertThat(report.problems()).singleElement()
                .satisfies(p -> assertThat(p.cause()).contains("no Java found on the PATH (PATH=" + System.getenv("PATH")));
    }

    @Test
    void an_old_java_is_a_problem_naming_the_version_and_where_it_was_found() throws Exception {
        Path oldJava = dir.resolve("jdk11/bin/java");
        Files.createDirectories(oldJava.getParent());
        Files.writeString(oldJava, "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
        Files.setPosixFilePermissions(oldJava, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProbeReport report = probe("", new ProbeSettings(oldJava.toString(), dir.resolve("base").toString()));

        assertThat(report.java().version()).isEqualTo("11.0.2");
        assertThat(report.java().major()).isEqualTo(11);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.cause()).contains("Java 11.0.2 found at " + oldJava, "needs Java 17");
            assertThat(p.fix()).contains("full path");
        });
    }

    @Test
    void an_unwritable_base_directory_is_a_problem() throws Exception {
        // Tests may run as root, whom modes do not stop: a path under a regular file cannot be created by anyone.
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String base = file.resolve("sub").toString();

        ProbeReport report = probe("", new ProbeSettings("java", base));

        assertThat(report.baseDirectoryWritable()).isFalse();
        assertThat(report.freeDiskKb()).isNull();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.step()).isEqualTo(NodeStep.PROBE_BASE_DIRECTORY);
            assertThat(p.cause()).contains(base, "not writable", "Not a directory");
        });
    }

    @Test
    void a_base_directory_with_shell_metacharacters_is_one_literal_directory_and_runs_nothing() throws Exception {
        Path marker = dir.resolve("pwned");
        String base = dir.resolve("a b;touch " + marker + ";$(touch " + marker + ")`touch " + marker + "`'\"").toString();

        ProbeReport report = probe("", new ProbeSettings("java", base));

        assertThat(report.problems()).isEmpty();
        assertThat(report.baseDirectory()).isEqualTo(base);
        assertThat(Path.of(base)).isDirectory();
        assertThat(marker).doesNotExist();
    }

    @Test
    void java_versions_are_read_as_their_feature_release() {
        assertThat(JavaOnNode.major("1.8.0_392")).isEqualTo(8);
        assertThat(JavaOnNode.major("11.0.2")).isEqualTo(11);
        assertThat(JavaOnNode.major("17")).isEqualTo(17);
        assertThat(JavaOnNode.major("21-ea")).isEqualTo(21);
        assertThat(JavaOnNode.parse("java", "/usr/bin/java", "openjdk version \"17.0.15\" 2025-04-15\n").meetsRequirement()).isTrue();
        assertThat(JavaOnNode.parse("java", "/usr/bin/java", "garbage").major()).isNull();
    }
}
