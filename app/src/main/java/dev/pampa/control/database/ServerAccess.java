package dev.pampa.control.database;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Who may log in to the embedded server: whoever knows a generated password, which lives in a 0600
 * file inside the (0700) data directory, so the operator alone. PostgreSQL's initdb, as the bundled
 * server runs it, trusts every local connection as superuser; on a shared machine any user could
 * then run programs as the operator ({@code COPY ... TO PROGRAM}).
 *
 * <p>The password is set in single-user mode, with no listener open, before the server first starts
 * with password authentication: there is no moment when the server accepts connections without it.
 * A data directory made by an older Pampa (trust) is converted the same way at its next start.
 */
final class ServerAccess {
    static final String SECRET_FILE = "pampa.secret";
    /** The first line of pg_hba.conf once Pampa has closed the server; without it the file is initdb's. */
    static final String MARKER = "# pampa: the operator alone, by the password in " + SECRET_FILE;
    private static final long SINGLE_USER_WAIT_SECONDS = 120;

    private final Path binaries;

    /** @param binaries the directory the bundled PostgreSQL binaries were unpacked under ({@code PG-<digest>/bin}) */
    ServerAccess(Path binaries) {
        this.binaries = binaries;
    }

    /** The password of the server on {@code dataDirectory}, when Pampa has set one. */
    static Optional<String> secret(Path dataDirectory) {
        try {
            String s = Files.readString(dataDirectory.resolve(SECRET_FILE)).trim();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The password on record for {@code dataDirectory}, or a new one to be set by {@link #close}. */
    static String passwordFor(Path dataDirectory) {
        return secret(dataDirectory).orElseGet(ServerAccess::generate);
    }

    /**
     * Makes the stopped server on {@code dataDirectory} admit only the holder of {@code password}:
     * the password recorded (0600) and set if it is not on record, and pg_hba.conf rewritten to ask
     * for it on every way in.
     */
    void close(Path dataDirectory, String password) throws IOException {
        boolean closed = isClosed(dataDirectory);
        boolean recorded = secret(dataDirectory).filter(password::equals).isPresent();
        if (!recorded || !closed) {
            OwnerOnly.writeFile(dataDirectory.resolve(SECRET_FILE), password + "\n");
            setPassword(dataDirectory, password);
        }
        if (!closed) {
            OwnerOnly.writeFile(dataDirectory.resolve("pg_hba.conf"), hba());
        }
    }

    static boolean isClosed(Path dataDirectory) throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readString(hba).startsWith(MARKER);
    }

    private static String hba() {
        // every way in asks for the password; there is no "trust" or "peer" line left
        return MARKER + "\n"
                + "local   all   all                  scram-sha-256\n"
                + "host    all   all   127.0.0.1/32   scram-sha-256\n"
                + "host    all   all   ::1/128        scram-sha-256\n";
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        // URL-safe: the password travels inside database URLs (PAMPA_DB, pampa.env)
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code ALTER ROLE} through PostgreSQL's single-user mode: no socket is opened, the SQL comes on stdin. */
    private void setPassword(Path dataDirectory, String secret) throws IOException {
        Path postgres = postgresBinary();
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // as the bundled server itself runs: PostgreSQL refuses to run as root outside a user namespace
            command.addAll(List.of("unshare", "-U"));
        }
        // One PBKDF2 iteration: the iterations slow down guessing a weak password, and this one is 256 random
        // bits; each login (every pampa command) then spends no time re-deriving the key
        command.addAll(List.of(postgres.toString(), "--single", "-D", dataDirectory.toString(),
                "-c", "exit_on_error=true", "-c", "password_encryption=scram-sha-256", "-c", "scram_iterations=1", EmbeddedDatabase.DATABASE));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(("ALTER ROLE " + EmbeddedDatabase.USER + " WITH PASSWORD '" + secret + "';\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(SINGLE_USER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("PostgreSQL's single-user mode did not finish setting the password within "
                        + SINGLE_USER_WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while setting the embedded database's password", e);
        }
        if (p.exitValue() != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            // the output never holds the password: single-user mode echoes no statement text on success or on these errors
            throw new IOException("PostgreSQL's single-user mode could not set the password (exit " + p.exitValue() + "): "
                    + output.lines().filter(l -> l.contains("ERROR") || l.contains("FATAL")).findFirst().orElse(output.strip()));
        }
    }

    private Path postgresBinary() throws IOException {
        try (Stream<Path> dirs = Files.list(binaries)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("PG-"))
                    .map(d -> d.resolve("bin").resolve("postgres"))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparingLong(ServerAccess::modified))
                    .orElseThrow(() -> new IOException("no PostgreSQL binaries under " + binaries));
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.getParent().getParent().resolve(".exists")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
