package dev.pampa.control.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.ssh.PrivateKeyFile;
import dev.pampa.control.ssh.SshLogin;
import dev.pampa.control.testing.KeyFiles;
import dev.pampa.model.NodeDraft;
import dev.pampa.model.NodeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one login policy, as the CLI's and the cockpit's connections and the onboarding wizard use it, on real key files. */
class NodeLoginTest {
    @TempDir
    Path dir;

    private final List<Path> asked = new ArrayList<>();
    private final List<char[]> answers = new ArrayList<>();

    private NodeLogin.PassphraseSource answering(String passphrase) {
        return (node, keyFile) -> {
            asked.add(keyFile);
            char[] answer = passphrase == null ? null : passphrase.toCharArray();
            answers.add(answer);
            return answer;
        };
    }

    private static NodeSpec node(String auth) throws Exception {
        return new NodeDraft("n01", "203.0.113.7", null, "pampa", auth, null, null, null, null, null).toSpec();
    }

    private Path operatorKey() {
        return dir.resolve("operator/id_ed25519");
    }

    private static String fingerprintOf(SshLogin login) {
        return HostKeyTrust.fingerprint(((SshLogin.WithKey) login).keyPair().getPublic());
    }

    private static String fingerprintOf(Path keyFile, String passphrase) throws Exception {
        return HostKeyTrust.fingerprint(PrivateKeyFile.load(keyFile, passphrase == null ? null : passphrase.toCharArray()).getPublic());
    }

    @Test
    void a_node_naming_its_key_file_logs_in_with_that_key_and_no_passphrase_is_asked_for_an_unlocked_file() throws Exception {
        Path keyFile = KeyFiles.write(dir.resolve("id_node"), null);

        SshLogin login = NodeLogin.of(node(keyFile.toString()), operatorKey(), answering("unused"));

        assertThat(fingerprintOf(login)).isEqualTo(fingerprintOf(keyFile, null));
        assertThat(asked).isEmpty();
        assertThat(operatorKey()).as("Pampa's key is not made for a node that has its own").doesNotExist();
    }

    @Test
    void a_locked_key_file_asks_for_its_passphrase_once_and_the_answer_is_wiped_after_use() throws Exception {
        Path keyFile = KeyFiles.write(dir.resolve("id_locked"), "right horse");

        SshLogin login = NodeLogin.of(node(keyFile.toString()), operatorKey(), answering("right horse"));

        assertThat(fingerprintOf(login)).isEqualTo(fingerprintOf(keyFile, "right horse"));
        assertThat(asked).containsExactly(keyFile);
        assertThat(answers.get(0)).containsOnly('\0');
    }

    @Test
    void a_locked_key_file_without_an_answer_says_that_its_passphrase_is_needed() throws Exception {
        Path keyFile = KeyFiles.write(dir.resolve("id_locked"), "right horse");

        assertThatThrownBy(() -> NodeLogin.of(node(keyFile.toString()), operatorKey(), answering(null)))
                .isInstanceOfSatisfying(NodeOperationException.class, e -> {
                    assertThat(e.problem().step()).isEqualTo(NodeStep.LOAD_KEY);
                    assertThat(e.problem().cause()).contains(keyFile.toString(), "protected by a passphrase and none was given");
                });
        assertThat(asked).containsExactly(keyFile);
    }

    @Test
    void a_missing_key_file_is_named_and_no_passphrase_is_asked_for_it() throws Exception {
        Path missing = dir.resolve("id_missing");

        assertThatThrownBy(() -> NodeLogin.of(node(missing.toString()), operatorKey(), answering("unused")))
                .isInstanceOfSatisfying(NodeOperationException.class, e -> {
                    assertThat(e.problem().step()).isEqualTo(NodeStep.LOAD_KEY);
                    assertThat(e.problem().cause()).contains(missing + " does not exist");
                });
        assertThat(asked).isEmpty();
    }

    @Test
    void a_node_without_a_key_file_and_a_password_node_both_log_in_with_pampas_key_made_on_first_use() throws Exception {
        SshLogin withoutKeyFile = NodeLogin.of(node(null), operatorKey(), answering("unused"));
        SshLogin passwordNode = NodeLogin.of(node(NodeDraft.PASSWORD), operatorKey(), answering("unused"));

        String pampasKey = OperatorKey.loadOrCreate(operatorKey(), null).fingerprint();
        assertThat(fingerprintOf(withoutKeyFile)).isEqualTo(pampasKey);
        assertThat(fingerprintOf(passwordNode)).as("its password only served to install Pampa's key").isEqualTo(pampasKey);
        assertThat(asked).isEmpty();
    }

    @Test
    void the_key_file_is_found_under_the_operators_home_for_a_tilde_path_and_a_passphrase_typed_beforehand_is_used_as_asked() throws Exception {
        assertThat(NodeLogin.keyFile(node("~/.ssh/id_n01"))).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "id_n01"));
        assertThat(NodeLogin.keyFile(node(NodeDraft.PASSWORD))).isNull();
        Path keyFile = KeyFiles.write(dir.resolve("id_locked"), "right horse");
        char[] typed = "right horse".toCharArray();

        SshLogin login = NodeLogin.of(node(keyFile.toString()), operatorKey(), NodeLogin.PassphraseSource.given(typed));

        assertThat(fingerprintOf(login)).isEqualTo(fingerprintOf(keyFile, "right horse"));
        assertThat(new String(typed)).as("the field's own text is the wizard's to clear").isEqualTo("right horse");
        assertThat(NodeLogin.PassphraseSource.given(new char[0]).passphraseFor(node(keyFile.toString()), keyFile)).isNull();
    }
}
