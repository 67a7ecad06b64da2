package dev.pampa.control.ssh;

import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.NodeOperationException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pampa.control.testing.KeyFiles;

class OperatorKeyTest {

    @TempDir
    Path dir;

    @Test
    void generates_an_ed25519_key_on_first_use_and_loads_the_same_one_afterwards() throws Exception {
        Path file = dir.resolve(".pampa/id_ed25519");

        OperatorKey created = OperatorKey.loadOrCreate(file, null);

        assertThat(Files.readString(file)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(created.publicKeyFile())).startsWith("ssh-ed25519 AAAA").contains("pampa-operator");
        assertThat(created.authorizedKeysLine()).startsWith(created.publicKeyData());

        OperatorKey loaded = OperatorKey.loadOrCreate(file, null);
        assertThat(loaded.fingerprint()).isEqualTo(created.fingerprint()).startsWith("SHA256:");
        assertThat(loaded.keyPair().getPrivate().getEncoded()).isEqualTo(created.keyPair().getPrivate().getEncoded());
    }

    @Test
    void thirty_two_logins_at_once_on_a_first_use_make_one_key_and_all_get_it() throws Exception {
        Path file = dir.resolve("race/.pampa/id_ed25519");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(32);
        try {
            java.util.List<java.util.concurrent.Future<java.security.PublicKey>> keys = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 32; i++) {
                keys.add(pool.submit(() -> {
                    go.await();
                    return OperatorKey.loadOrCreate(file, null).keyPair().getPublic();
                }));
            }
            go.countDown();
            java.security.PublicKey first = keys.get(0).get();
            for (java.util.concurrent.Future<java.security.PublicKey> k : keys) {
                assertThat(k.get()).isEqualTo(first);
            }
            assertThat(PrivateKeyFile.load(file, null).getPublic()).isEqualTo(first);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void an_encrypted_key_opens_with_its_passphrase_and_a_wrong_or_missing_one_is_named() throws Exception {
        Path file = KeyFiles.write(dir.resolve("id_enc"), "right horse");

        assertThat(OperatorKey.loadOrCreate(file, "right horse".toCharArray()).fingerprint()).startsWith("SHA256:");
        assertThatThrownBy(() -> OperatorKey.loadOrCreate(file, "wrong".toCharArray()))
                .isInstanceOfSatisfying(NodeOperationException.class, e -> {
                    assertThat(e.problem().step()).isEqualTo(NodeStep.LOAD_KEY);
                    assertThat(e.problem().cause()).contains("passphrase does not open", file.toString());
                    assertThat(e.getMessage()).doesNotContain("wrong");
                });
        assertThatThrownBy(() -> PrivateKeyFile.load(file, null))
                .isInstanceOfSatisfying(PassphraseNeededException.class,
                        e -> assertThat(e.problem().cause()).contains("protected by a passphrase and none was given"));
    }

    @Test
    void reads_an_encrypted_ed25519_key_made_by_openssh() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "OpenSSH's ssh-keygen is not installed");
        Path file = dir.resolve("id_openssh");
        Process keygen = new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "open sesame", "-C", "t", "-f", file.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        Process fingerprint = new ProcessBuilder("/usr/bin/ssh-keygen", "-lf", file + ".pub").start();
        String expected = new String(fingerprint.getInputStream().readAllBytes()).split(" ")[1];

        assertThat(HostKeyTrust.fingerprint(PrivateKeyFile.load(file, "open sesame".toCharArray()).getPublic())).isEqualTo(expected);
        assertThatThrownBy(() -> PrivateKeyFile.load(file, "closed".toCharArray()))
                .isInstanceOfSatisfying(NodeOperationException.class,
                        e -> assertThat(e.problem().cause()).contains("passphrase does not open"));
    }

    @Test
    void a_missing_key_file_is_named() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> PrivateKeyFile.load(missing, null))
                .isInstanceOfSatisfying(NodeOperationException.class,
                        e -> assertThat(e.problem().cause()).contains(missing + " does not exist"));
    }
}
