package dev.pampa.control.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway user of this machine with a password and a home under /home, for logging in to the real
 * sshd with a password; created with useradd and chpasswd, so only root (as in CI) can have one.
 * Closing it removes the user, its home and any process left running as it.
 */
public final class SystemUser implements AutoCloseable {

    private final String name;
    private final String password;

    private SystemUser(String name, String password) {
        this.name = name;
        this.password = password;
    }

    /** Whether this JVM can create users: root, with useradd and chpasswd. */
    public static boolean canCreate() {
        return "root".equals(System.getProperty("user.name"))
                && Path.of("/usr/sbin/useradd").toFile().canExecute() && Path.of("/usr/sbin/chpasswd").toFile().canExecute();
    }

    public static SystemUser create() throws Exception {
        String name = "pampa-e2e-" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        String password = "pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        run(null, "/usr/sbin/useradd", "--create-home", "--shell", "/bin/sh", name);
        SystemUser user = new SystemUser(name, password);
        try {
            run(name + ":" + password + "\n", "/usr/sbin/chpasswd");
        } catch (Exception | Error e) {
            user.close();
            throw e;
        }
        return user;
    }

    public String name() {
        return name;
    }

    public String password() {
        return password;
    }

    public Path home() {
        return Path.of("/home", name);
    }

    @Override
    public void close() throws Exception {
        // --force: also while a session of the user is still being torn down
        run(null, "/usr/sbin/userdel", "--force", "--remove", name);
    }

    private static void run(String stdin, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command[0] + " timed out");
        }
        // userdel says 12 when only the mail spool was missing; the user is gone all the same
        if (p.exitValue() != 0 && !(command[0].endsWith("userdel") && p.exitValue() == 12)) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
    }
}
