package dev.pampa.operator;

import dev.pampa.cli.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.testing.TestSshServer;
import dev.pampa.store.Database;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTrustAndProbeTest {
    @TempDir
    Path dir;

    Database db;
    TestSshServer server;
    Path operatorDir;
    String fingerprint;

    @BeforeEach
    void start() throws Exception {
        db = TestPostgres.migratedDatabase();
        server = TestSshServer.start(Files.createDirectories(dir.resolve("node-home")), "pw");
        fingerprint = HostKeyTrust.fingerprint(server.hostKey());
        operatorDir = dir.resolve("operator");
        OperatorKey key = OperatorKey.loadOrCreate(operatorDir.resolve("id_ed25519"), null);
        Files.writeString(Files.createDirectories(server.home().resolve(".ssh")).resolve("authorized_keys"), key.authorizedKeysLine() + "\n");
        CliRun add = pampa("node", "add", "n01", "--host", "127.0.0.1", "--port", Integer.toString(server.port()),
                "--user", TestSshServer.USER);
        assertThat(add.exitCode()).as(add.toString()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        db.close();
    }

    private CliRun pampa(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db.url().withCredentials()));
        if (!args[1].equals("add")) {
            all.addAll(List.of("--operator-dir", operatorDir.toString()));
        }
        return CliRun.on(new OperatorMain(), all.toArray(String[]::new));
    }

    @Test
    void probing_an_untrusted_node_prints_the_fingerprint_and_the_command_to_trust_it() {
        CliRun probe = pampa("node", "probe", "n01");

        assertThat(probe.exitCode()).as(probe.toString()).isEqualTo(ExitCode.HOST_KEY_NOT_TRUSTED);
        assertThat(probe.errLines()).singleElement().isEqualTo("pampa: node n01: the host key is not trusted yet; its fingerprint is "
                + fingerprint + " — check it with the node's administrator, then run: pampa node trust n01 --trust " + fingerprint);
        assertThat(operatorDir.resolve("known_hosts")).doesNotExist();
    }

    @Test
    void a_wrong_fingerprint_trusts_nothing_and_the_right_one_lets_the_probe_through() {
        String wrong = HostKeyTrust.fingerprint(TestSshServer.newHostKey().getPublic());

        CliRun refused = pampa("node", "trust", "n01", "--trust", wrong);

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.HOST_KEY_NOT_TRUSTED);
        assertThat(refused.err()).startsWith("pampa: node n01: the host key's fingerprint is " + fingerprint + ", not " + wrong
                + "; nothing was trusted — ");
        assertThat(pampa("node", "probe", "n01").exitCode()).isEqualTo(ExitCode.HOST_KEY_NOT_TRUSTED);

        CliRun trusted = pampa("node", "trust", "n01", "--trust", fingerprint);

        assertThat(trusted.exitCode()).as(trusted.toString()).isZero();
        assertThat(trusted.out()).startsWith("node n01: trusted host key " + fingerprint);
        CliRun again = pampa("node", "trust", "n01", "--trust", fingerprint);
        assertThat(again.out()).isEqualTo("node n01: the host key is trusted already; nothing to do\n");

        CliRun probe = pampa("node", "probe", "n01");
        assertThat(probe.exitCode()).as(probe.toString()).isZero();
        assertThat(probe.out()).contains("  base dir:   " + server.home().resolve(".pampa") + " (writable)")
                .contains("  login:      quiet").endsWith("ready to run workers\n");
    }

    @Test
    void a_closed_port_is_unreachable() throws Exception {
        server.close();

        CliRun probe = pampa("node", "probe", "n01");

        assertThat(probe.exitCode()).as(probe.toString()).isEqualTo(ExitCode.NODE_UNREACHABLE);
        assertThat(probe.errLines()).singleElement().satisfies(l -> assertThat(l).startsWith("pampa: node n01: connect: the connection to"));
    }
}
