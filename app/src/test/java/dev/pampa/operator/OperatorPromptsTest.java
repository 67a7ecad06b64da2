package dev.pampa.operator;

import dev.pampa.cli.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.testing.TestSshServer;
import dev.pampa.store.Database;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The questions the operator CLI asks, without a console as under a test runner or in a script: it
 * reads answers from standard input only when a flag says so, and otherwise refuses with what to pass.
 */
class OperatorPromptsTest {
    static final String PASSWORD = "Sekr1t-pw-4711";

    @TempDir
    Path dir;

    Database db;
    TestSshServer server;
    Path operatorDir;
    String fingerprint;

    @BeforeEach
    void start() throws Exception {
        assertThat(System.console()).as("these tests are about runs without a console").isNull();
        db = TestPostgres.migratedDatabase();
        server = TestSshServer.start(Files.createDirectories(dir.resolve("node-home")), PASSWORD);
        fingerprint = HostKeyTrust.fingerprint(server.hostKey());
        operatorDir = dir.resolve("operator");
        CliRun add = pampa("", "node", "add", "n01", "--host", "127.0.0.1", "--port", Integer.toString(server.port()),
                "--user", TestSshServer.USER, "--password");
        assertThat(add.exitCode()).as(add.toString()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        db.close();
    }

    /** A run with {@code stdin} as standard input. */
    private CliRun pampa(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db.url().withCredentials()));
        if (!args[1].equals("add")) {
            all.addAll(List.of("--operator-dir", operatorDir.toString()));
        }
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return CliRun.on(new OperatorMain(), all.toArray(String[]::new));
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void trust_with_answer_stdin_shows_the_fingerprint_and_a_yes_approves_it() {
        CliRun trust = pampa("yes\n", "node", "trust", "n01", "--answer-stdin");

        assertThat(trust.exitCode()).as(trust.toString()).isZero();
        assertThat(trust.out()).startsWith("node n01 (" + HostKeyTrust.hostPattern("127.0.0.1", server.port()) + ") presents the host key "
                + fingerprint + "\nIs this the node's key? (yes/no) \nnode n01: trusted host key " + fingerprint);
        assertThat(new HostKeyTrust(operatorDir.resolve("known_hosts"), null, true)
                .check("127.0.0.1", server.port(), server.hostKey())).isNotInstanceOf(dev.pampa.control.ssh.HostKeyCheck.Unknown.class);
    }

    @Test
    void trust_with_answer_stdin_and_a_no_or_no_answer_trusts_nothing() {
        CliRun no = pampa("no\n", "node", "trust", "n01", "--answer-stdin");
        CliRun none = pampa("", "node", "trust", "n01", "--answer-stdin");

        assertThat(no.exitCode()).as(no.toString()).isEqualTo(ExitCode.HOST_KEY_NOT_TRUSTED);
        assertThat(no.err()).isEqualTo("pampa: node n01: host key " + fingerprint + " not approved; nothing was trusted"
                + " — answer yes once you have checked the fingerprint\n");
        assertThat(none.exitCode()).isEqualTo(ExitCode.HOST_KEY_NOT_TRUSTED);
        assertThat(none.err()).contains("not approved (no answer)");
        assertThat(operatorDir.resolve("known_hosts")).doesNotExist();
    }

    @Test
    void without_console_and_without_a_flag_a_yes_on_stdin_is_not_read_and_the_trust_flag_to_pass_is_printed() {
        CliRun trust = pampa("yes\n", "node", "trust", "n01");

        assertThat(trust.exitCode()).as(trust.toString()).isEqualTo(ExitCode.HOST_KEY_NOT_TRUSTED);
        assertThat(trust.errLines()).singleElement().isEqualTo("pampa: node n01: its host key fingerprint is " + fingerprint
                + " and there is no console to ask on — run: pampa node trust n01 --trust " + fingerprint + " once you have checked it");
        assertThat(operatorDir.resolve("known_hosts")).doesNotExist();
    }

    @Test
    void install_key_without_console_and_without_password_stdin_asks_nothing_and_says_which_flag_to_use() {
        assertThat(pampa("", "node", "trust", "n01", "--trust", fingerprint).exitCode()).isZero();

        CliRun install = pampa(PASSWORD + "\n", "node", "install-key", "n01");

        assertThat(install.exitCode()).as(install.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(install.err()).isEqualTo("pampa: no console to ask the password of pampa@127.0.0.1 on"
                + " — run in a terminal, or pipe it with --password-stdin\n");
        assertThat(server.home().resolve(".ssh/authorized_keys")).doesNotExist();
    }

    @Test
    void the_password_from_stdin_logs_in_and_is_nowhere_afterwards_not_in_output_errors_or_the_database() throws Exception {
        assertThat(pampa("", "node", "trust", "n01", "--trust", fingerprint).exitCode()).isZero();

        CliRun wrong = pampa(PASSWORD + "-wrong\r\n", "node", "install-key", "n01", "--password-stdin");
        CliRun install = pampa(PASSWORD + "\r\nthe next line stays unread\n", "node", "install-key", "n01", "--password-stdin");
        CliRun probe = pampa("", "node", "probe", "n01");

        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(ExitCode.NODE_UNREACHABLE);
        assertThat(install.exitCode()).as("a Windows line end is not part of the password: %s", install).isZero();
        assertThat(probe.exitCode()).as(probe.toString()).isZero();
        for (CliRun run : List.of(wrong, install, probe)) {
            assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
        }
        String everyRow = String.join("\n", db.dsl().fetch(
                "select n::text from pampa.node n union all select e::text from pampa.event e").getValues(0, String.class));
        assertThat(everyRow).contains("n01").doesNotContain(PASSWORD);
        assertThat(Files.readString(operatorDir.resolve("known_hosts")) + Files.readString(operatorDir.resolve("id_ed25519")))
                .doesNotContain(PASSWORD);
    }
}
