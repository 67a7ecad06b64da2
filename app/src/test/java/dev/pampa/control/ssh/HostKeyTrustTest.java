package dev.pampa.control.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pampa.control.testing.TestSshServer;

class HostKeyTrustTest {

    @TempDir
    Path dir;

    private final PublicKey key = TestSshServer.newHostKey().getPublic();
    private final PublicKey otherKey = TestSshServer.newHostKey().getPublic();

    @Test
    void an_unknown_key_is_refused_with_its_sha256_fingerprint_and_accepted_once_trusted() {
        HostKeyTrust trust = new HostKeyTrust(dir.resolve("pampa/known_hosts"), dir.resolve("ssh/known_hosts"), true);

        HostKeyCheck before = trust.check("node1", 2222, key);
        assertThat(before).isInstanceOf(HostKeyCheck.Unknown.class);
        assertThat(before.accepted()).isFalse();
        assertThat(before.presentedFingerprint()).startsWith("SHA256:").isEqualTo(HostKeyTrust.fingerprint(key));
        assertThat(before.problem().cause()).contains(before.presentedFingerprint());

        trust.trust("node1", 2222, key);

        assertThat(trust.check("node1", 2222, key)).isInstanceOf(HostKeyCheck.Known.class);
        assertThat(trust.check("node1", 22, key)).as("another port is another host").isInstanceOf(HostKeyCheck.Unknown.class);
        assertThat(trust.check("node2", 2222, key)).isInstanceOf(HostKeyCheck.Unknown.class);
    }

    @Test
    void an_edit_of_the_file_by_hand_counts_at_the_next_check_though_parsed_files_are_kept() throws Exception {
        Path file = dir.resolve("known_hosts");
        HostKeyTrust trust = new HostKeyTrust(file, null, false);
        trust.trust("node1", 2222, key);
        assertThat(trust.check("node1", 2222, key)).isInstanceOf(HostKeyCheck.Known.class);

        // the operator replaces the recorded key by the node's new one, as the Changed problem tells them to
        Files.writeString(file, "[node1]:2222 " + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(otherKey) + "\n");

        assertThat(trust.check("node1", 2222, otherKey)).isInstanceOf(HostKeyCheck.Known.class);
        assertThat(trust.check("node1", 2222, key)).isInstanceOf(HostKeyCheck.Changed.class);
        Files.delete(file);
        assertThat(trust.check("node1", 2222, otherKey)).isInstanceOf(HostKeyCheck.Unknown.class);
    }

    @Test
    void hashed_entries_do_not_show_the_host_name_and_plain_ones_use_brackets_for_other_ports() throws Exception {
        Path hashedFile = dir.resolve("hashed");
        new HostKeyTrust(hashedFile, null, true).trust("secret-node", 2222, key);
        assertThat(Files.readString(hashedFile)).startsWith("|1|").doesNotContain("secret-node");

        Path plainFile = dir.resolve("plain");
        HostKeyTrust plain = new HostKeyTrust(plainFile, null, false);
        plain.trust("node1", 2222, key);
        plain.trust("node2", 22, key);
        assertThat(Files.readAllLines(plainFile)).satisfiesExactly(
                l -> assertThat(l).startsWith("[node1]:2222 ssh-ed25519 "),
                l -> assertThat(l).startsWith("node2 ssh-ed25519 "));
        assertThat(Files.getPosixFilePermissions(plainFile)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void a_changed_key_is_refused_naming_both_fingerprints_and_the_line_to_edit() throws Exception {
        Path file = dir.resolve("known_hosts");
        HostKeyTrust trust = new HostKeyTrust(file, null, false);
        trust.trust("other", 22, otherKey);
        trust.trust("node1", 2222, key);

        HostKeyCheck check = trust.check("node1", 2222, otherKey);

        assertThat(check).isInstanceOf(HostKeyCheck.Changed.class);
        HostKeyCheck.Changed changed = (HostKeyCheck.Changed) check;
        assertThat(changed.knownFingerprint()).isEqualTo(HostKeyTrust.fingerprint(key));
        assertThat(changed.presentedFingerprint()).isEqualTo(HostKeyTrust.fingerprint(otherKey));
        assertThat(changed.line()).isEqualTo(2);
        assertThat(changed.problem().cause()).contains(HostKeyTrust.fingerprint(key), HostKeyTrust.fingerprint(otherKey));
        assertThat(changed.problem().fix()).contains("line 2 of " + file);
    }

    @Test
    void the_users_own_known_hosts_vouches_for_a_key_but_is_never_written() throws Exception {
        Path userFile = dir.resolve("ssh_known_hosts");
        new HostKeyTrust(userFile, null, false).trust("node1", 2222, key);
        String userContent = Files.readString(userFile);
        HostKeyTrust trust = new HostKeyTrust(dir.resolve("pampa_known_hosts"), userFile, true);

        assertThat(trust.check("node1", 2222, key)).isInstanceOf(HostKeyCheck.Known.class);
        HostKeyCheck changed = trust.check("node1", 2222, otherKey);
        assertThat(changed).isInstanceOf(HostKeyCheck.Changed.class);
        assertThat(((HostKeyCheck.Changed) changed).file()).isEqualTo(userFile);

        trust.trust("node3", 22, key);
        assertThat(Files.readString(userFile)).isEqualTo(userContent);
        assertThat(Files.readString(dir.resolve("pampa_known_hosts"))).contains("ssh-ed25519");
    }

    @Test
    void trusting_is_idempotent_and_never_replaces_a_changed_key() throws Exception {
        Path file = dir.resolve("known_hosts");
        HostKeyTrust trust = new HostKeyTrust(file, null, false);
        trust.trust("node1", 2222, key);
        trust.trust("node1", 2222, key);
        assertThat(Files.readAllLines(file)).hasSize(1);

        assertThatThrownBy(() -> trust.trust("node1", 2222, otherKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 1 of " + file);
        assertThat(trust.check("node1", 2222, otherKey)).isInstanceOf(HostKeyCheck.Changed.class);
    }

    @Test
    void an_approval_must_name_the_fingerprint_the_server_presented() {
        HostKeyTrust trust = new HostKeyTrust(dir.resolve("known_hosts"), null, true);
        HostKeyCheck.Unknown unknown = (HostKeyCheck.Unknown) trust.check("node1", 22, key);

        assertThatThrownBy(() -> trust.approve(unknown, HostKeyTrust.fingerprint(otherKey)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(unknown.presentedFingerprint());
        assertThat(trust.check("node1", 22, key)).isInstanceOf(HostKeyCheck.Unknown.class);

        trust.approve(unknown, unknown.presentedFingerprint());
        assertThat(trust.check("node1", 22, key)).isInstanceOf(HostKeyCheck.Known.class);
    }

    @Test
    void a_key_of_another_type_for_a_known_host_is_changed_not_new_and_approving_it_keeps_the_file_as_it_was() throws Exception {
        Path file = dir.resolve("known_hosts");
        HostKeyTrust trust = new HostKeyTrust(file, null, false);
        trust.trust("node1", 2222, key);
        String before = Files.readString(file);
        PublicKey rsa = TestSshServer.newRsaHostKey().getPublic();

        HostKeyCheck check = trust.check("node1", 2222, rsa);

        assertThat(check).isInstanceOfSatisfying(HostKeyCheck.Changed.class, changed ->
                assertThat(changed.problem().cause()).contains(HostKeyTrust.fingerprint(key), HostKeyTrust.fingerprint(rsa)));
        assertThatThrownBy(() -> trust.trust("node1", 2222, rsa)).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(trust.knownKeyTypes("node1", 2222)).containsExactly("ssh-ed25519");
        assertThat(trust.knownKeyTypes("node2", 2222)).isEmpty();
    }
}
