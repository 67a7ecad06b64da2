package dev.pampa.control.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * OpenSSH's real {@code sshd} as a node, on 127.0.0.1 and a free port, with its own host key, config,
 * pid file and authorized_keys file in a temporary directory. It logs in the user running the tests
 * (root in CI, hence {@code PermitRootLogin prohibit-password}) with public keys written by
 * {@link #authorize(String)}. Started {@link #withPasswordLogins(Path)}, it also takes passwords, checked
 * by sshd itself against /etc/shadow (no PAM), and each user's own {@code ~/.ssh/authorized_keys}: what
 * Pampa's install-key needs, for a throwaway {@link SystemUser}, since root never logs in with a password.
 */
public final class OpenSshServer implements AutoCloseable {

    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Process process;
    private final int port;
    private final Path dir;
    private final Path authorizedKeys;
    private final PublicKey hostKey;

    private OpenSshServer(Process process, int port, Path dir, Path authorizedKeys, PublicKey hostKey) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.authorizedKeys = authorizedKeys;
        this.hostKey = hostKey;
    }

    /** Starts sshd with everything under {@code dir}; waits until its port accepts connections. */
    public static OpenSshServer start(Path dir) throws Exception {
        return start(dir, false);
    }

    /** The same, with password logins for users other than root, and keys from each user's home too. */
    public static OpenSshServer withPasswordLogins(Path dir) throws Exception {
        return start(dir, true);
    }

    private static OpenSshServer start(Path dir, boolean passwords) throws Exception {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing: install openssh-server (.ci/run does)");
        }
        Files.createDirectories(dir);
        // sshd refuses to start without its privilege separation directory.
        Files.createDirectories(Path.of("/run/sshd"));
        Path hostKeyFile = dir.resolve("ssh_host_ed25519_key");
        run(Duration.ofSeconds(20), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pampa-test-host", "-f", hostKeyFile.toString());
        PublicKey hostKey = AuthorizedKeyEntry.parseAuthorizedKeyEntry(
                Files.readString(dir.resolve("ssh_host_ed25519_key.pub")).strip())
                .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, "");
        Files.setPosixFilePermissions(authorizedKeys, PosixFilePermissions.fromString("rw-------"));
        int port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKeyFile,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys + (passwords ? " .ssh/authorized_keys" : ""),
                "StrictModes no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication " + (passwords ? "yes" : "no"),
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "PrintMotd no",
                "Subsystem sftp internal-sftp",
                ""));
        Path log = dir.resolve("sshd.log");
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        OpenSshServer server = new OpenSshServer(process, port, dir, authorizedKeys, hostKey);
        try {
            server.awaitPort(Duration.ofSeconds(20), log);
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    private void awaitPort(Duration timeout, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("sshd never accepted on port " + port + ": " + Files.readString(log), notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void run(Duration timeout, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
    }

    /** Lets the holder of this public key in: one authorized_keys line, e.g. {@code OperatorKey.authorizedKeysLine()}. */
    public void authorize(String authorizedKeysLine) throws IOException {
        Files.writeString(authorizedKeys, authorizedKeysLine.strip() + "\n", java.nio.file.StandardOpenOption.APPEND);
    }

    public int port() {
        return port;
    }

    public PublicKey hostKey() {
        return hostKey;
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"));
    }

    /** The user sshd logs us in as: whoever runs the tests. */
    public static String user() {
        return System.getProperty("user.name");
    }

    /** Stops the listening sshd with SIGTERM (SIGKILL if it lingers). Sessions' children are not its business. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
