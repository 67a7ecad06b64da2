package dev.pampa.control.ssh;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * The operator's own Pampa key pair (Ed25519), generated on first use into {@code ~/.pampa/id_ed25519}
 * and {@code .pub} in OpenSSH's formats, so that it is Pampa's alone and can be revoked on a node
 * without touching the operator's other keys.
 */
public final class OperatorKey {

    private static final String COMMENT = "pampa-operator";

    private final Path privateKeyFile;
    private final KeyPair keyPair;

    private OperatorKey(Path privateKeyFile, KeyPair keyPair) {
        this.privateKeyFile = privateKeyFile;
        this.keyPair = keyPair;
    }

    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".pampa", "id_ed25519");
    }

    /** Loads the key at {@code privateKeyFile}, or generates it (unencrypted, mode 0600) when there is none. */
    public static OperatorKey loadOrCreate(Path privateKeyFile, char[] passphrase) throws NodeOperationException {
        if (passphrase != null) {
            return loadOrCreateUncached(privateKeyFile, passphrase);
        }
        // one parse per file and change for the whole process: an operation on 100 nodes logs in 100
        // times at once, and those that found no key would otherwise race to create it
        synchronized (LOADED) {
            Path key = privateKeyFile.toAbsolutePath().normalize();
            Object stamp = stampOf(key);
            Loaded known = LOADED.get(key);
            if (known != null && stamp != null && known.stamp().equals(stamp)) {
                return known.key();
            }
            OperatorKey loaded = loadOrCreateUncached(privateKeyFile, null);
            Object after = stampOf(key);
            if (after != null) {
                LOADED.put(key, new Loaded(after, loaded));
            }
            return loaded;
        }
    }

    private record Loaded(Object stamp, OperatorKey key) {
    }

    private static final java.util.Map<Path, Loaded> LOADED = new java.util.HashMap<>();

    /** The file's modification time and size, or null when it is not there. */
    private static Object stampOf(Path file) {
        try {
            return java.util.List.of(Files.getLastModifiedTime(file), Files.size(file));
        } catch (IOException e) {
            return null;
        }
    }

    private static OperatorKey loadOrCreateUncached(Path privateKeyFile, char[] passphrase) throws NodeOperationException {
        if (Files.exists(privateKeyFile)) {
            return new OperatorKey(privateKeyFile, PrivateKeyFile.load(privateKeyFile, passphrase));
        }
        try {
            KeyPair pair = KeyUtils.generateKeyPair(KeyPairs.ED25519, 256);
            write(pair, privateKeyFile);
            return new OperatorKey(privateKeyFile, pair);
        } catch (GeneralSecurityException | IOException e) {
            throw new NodeOperationException(new NodeProblem(NodeStep.CREATE_OPERATOR_KEY,
                    "could not create " + privateKeyFile + " (" + e.getMessage() + ")",
                    "check that its directory is writable"), e);
        }
    }

    private static void write(KeyPair pair, Path privateKeyFile) throws IOException, GeneralSecurityException {
        Path dir = privateKeyFile.toAbsolutePath().getParent();
        if (Files.notExists(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.createFile(privateKeyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(privateKeyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, COMMENT, null, out);
        }
        Files.writeString(publicKeyFile(privateKeyFile), PublicKeyEntry.toString(pair.getPublic()) + " " + COMMENT + "\n",
                StandardCharsets.UTF_8);
    }

    private static Path publicKeyFile(Path privateKeyFile) {
        return privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
    }

    public Path privateKeyFile() {
        return privateKeyFile;
    }

    public Path publicKeyFile() {
        return publicKeyFile(privateKeyFile);
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** {@code ssh-ed25519 AAAA… pampa-operator}, the line for a node's authorized_keys. */
    public String authorizedKeysLine() {
        return publicKeyData() + " " + COMMENT;
    }

    /** The key type and base64 data, without comment: what identifies the key in an authorized_keys line. */
    public String publicKeyData() {
        try {
            return PublicKeyEntry.toString(keyPair.getPublic());
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("cannot encode the operator's public key", e));
        }
    }

    public String fingerprint() {
        return HostKeyTrust.fingerprint(keyPair.getPublic());
    }
}
