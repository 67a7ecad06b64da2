package dev.pampa.control.database;

import dev.pampa.control.testing.SystemUser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real second user of this machine against the operator's embedded PostgreSQL and ~/.pampa: a
 * throwaway local account (useradd, so root only, as CI runs) runs a small JDBC client of its own
 * ({@code runuser -u USER -- java OtherUser.java}). It must be refused without the password and with a
 * guess, and must not read the operator's Pampa directory; with the secret handed to it (the control)
 * it gets in, which shows the refusals are the database's authentication, not a closed port.
 */
class SecondLocalUserTest {

    @Test
    void anotherLocalUserIsRefusedByTheEmbeddedDatabaseAndCannotReadThePampaDirectory() throws Exception {
        assumeTrue(SystemUser.canCreate() && Path.of("/usr/sbin/runuser").toFile().canExecute(),
                "needs root with useradd and runuser to create a throwaway local user (CI runs as root); this JVM runs as "
                        + System.getProperty("user.name"));
        // an operator's home as most systems make it, open to others; ~/.pampa inside it as Pampa makes it
        Path operatorHome = Files.createTempDirectory(Path.of("/tmp"), "pampa-operator-");
        Path clientDir = Files.createTempDirectory(Path.of("/tmp"), "pampa-other-user-");
        try {
            Files.setPosixFilePermissions(operatorHome, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(clientDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path pampaHome = operatorHome.resolve(".pampa");
            OwnerOnly.directory(pampaHome);
            Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.copy(driver, clientDir.resolve("postgresql.jar"));
            try (InputStream src = SecondLocalUserTest.class.getResourceAsStream("/second-user/OtherUser.java")) {
                Files.copy(src, clientDir.resolve("OtherUser.java"), StandardCopyOption.REPLACE_EXISTING);
            }
            for (Path p : List.of(clientDir.resolve("postgresql.jar"), clientDir.resolve("OtherUser.java"))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            }
            int port = EmbeddedDatabaseTest.freePort();
            try (EmbeddedDatabase pg = EmbeddedDatabase.start(pampaHome.resolve("demo-db"), port, pampaHome.resolve("logs/postgres.log"));
                 SystemUser other = SystemUser.create()) {
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                Process p = new ProcessBuilder("/usr/sbin/runuser", "-u", other.name(), "--", java, "-cp", clientDir.resolve("postgresql.jar").toString(),
                        clientDir.resolve("OtherUser.java").toString(), Integer.toString(port), pampaHome.toString())
                        .directory(clientDir.toFile()).redirectErrorStream(true).start();
                try (var in = p.getOutputStream()) {
                    in.write(pg.url().password().getBytes(StandardCharsets.UTF_8));
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
                assertThat(p.exitValue()).as(out).isZero();

                assertThat(out).as(out).contains("no-password: REFUSED", "guessed-password: REFUSED", "list-pampa-home: DENIED", "read-secret: DENIED");
                assertThat(out).as("the control: with the secret the same client gets in").contains("with-the-secret: CONNECTED as postgres");
                assertThat(out).contains("password authentication failed");
            }
        } finally {
            deleteTree(operatorHome);
            deleteTree(clientDir);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
