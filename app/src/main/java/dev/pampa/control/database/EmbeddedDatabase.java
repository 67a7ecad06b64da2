package dev.pampa.control.database;

import dev.pampa.store.DbUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the operator's own, run from the binaries bundled in the app, on a data
 * directory that outlives it. Unlike a test database it keeps PostgreSQL's durable settings (zonky
 * turns fsync, synchronous commits and full-page writes off for speed): the demo's data must survive
 * a crash of the machine.
 *
 * <p>It listens on localhost only and admits the operator alone: user {@code postgres} with a
 * generated password kept in the data directory (see {@link ServerAccess}), which like the unpacked
 * binaries is reachable by its owner only.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final int DEFAULT_PORT = 5499;
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    /** Recovery after a crash replays the write-ahead log before the server accepts connections. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    /** Override where the bundled binaries are unpacked (tests share one directory across temporary homes). */
    static final String BINARIES_PROPERTY = "pampa.pg.binaries";
    static final String BINARIES_VARIABLE = "PAMPA_PG_BINARIES";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final int port;
    private final long serverPid;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, int port, long serverPid, String password) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.serverPid = serverPid;
        this.password = password;
    }

    /**
     * Where the bundled PostgreSQL binaries are unpacked: {@code ~/.pampa/pg-binaries}, not the library's
     * default under the shared {@code /tmp}, where another user could put programs of their own first.
     */
    static Path binariesDirectory() {
        String override = System.getProperty(BINARIES_PROPERTY, System.getenv(BINARIES_VARIABLE));
        return override != null && !override.isBlank()
                ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".pampa", "pg-binaries");
    }

    /** {@code ~/.pampa/demo-db}. */
    public static Path defaultDataDirectory() {
        return Path.of(System.getProperty("user.home"), ".pampa", "demo-db");
    }

    /**
     * Starts the server on {@code dataDirectory}, creating the cluster there on first use.
     *
     * @param serverLog where PostgreSQL writes its own log, appended to
     * @throws StartFailure naming the cause and the fix: the directory is in use by another server,
     *     is not a PostgreSQL data directory, the port is taken, or the server did not come up
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port, Path serverLog) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        refuseIfInUse(dir);
        refuseIfForeign(dir);
        refuseIfPortTaken(port, dir);
        Path binaries = binariesDirectory().toAbsolutePath().normalize();
        try {
            OwnerOnly.directory(dir);
            OwnerOnly.directory(serverLog.toAbsolutePath().getParent());
            OwnerOnly.directory(binaries);
        } catch (IOException e) {
            throw new StartFailure("cannot create " + e.getMessage() + ": check the permissions, or pass another --data directory", e);
        }
        PostgresBinaries.unpackAhead(binaries);
        ServerAccess access = new ServerAccess(binaries);
        String password = ServerAccess.passwordFor(dir);
        EmbeddedPostgres pg;
        try {
            pg = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setDataDirectory(dir)
                    // runs after initdb and before the server starts: no moment with a listener and no password
                    .setDataDirectoryCustomizer(d -> closeAccess(access, d.toPath(), password))
                    .setConnectConfig("password", password)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    // the demo stops its workers before the database; zonky's own hook would race them
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                    .start();
        } catch (AccessFailure e) {
            throw new StartFailure("cannot restrict the embedded database on " + dir + " to its owner: " + e.getMessage()
                    + " — see " + serverLog, e);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("could not lock")) {
                throw new StartFailure("data directory " + dir + " is in use by another pampa process starting its database:"
                        + " wait for it, stop it, or pass another --data directory", e);
            }
            throw new StartFailure("embedded PostgreSQL did not start on " + dir + ": " + e.getMessage() + " — see " + serverLog, e);
        } catch (IOException e) {
            throw new StartFailure("embedded PostgreSQL did not start on " + dir + " (port " + port + "): " + e.getMessage()
                    + " — see " + serverLog, e);
        }
        try {
            // the library opens its working directory to everyone at each start; ours stays the owner's
            OwnerOnly.directory(binaries);
        } catch (IOException e) {
            LOG.warn("could not restrict {} to its owner again: {}", binaries, e.getMessage());
        }
        OptionalLong pid = runningServerPid(dir);
        return new EmbeddedDatabase(pg, dir, port, pid.orElse(-1), password);
    }

    private static void closeAccess(ServerAccess access, Path dataDirectory, String password) {
        try {
            access.close(dataDirectory, password);
        } catch (IOException e) {
            throw new AccessFailure(e.getMessage(), e);
        }
    }

    /** The URL of the server running on {@code dataDirectory} at {@code port}, with its password when Pampa set one. */
    static DbUrl urlFor(Path dataDirectory, int port) {
        return DbUrl.of("jdbc:postgresql://localhost:" + port + "/" + DATABASE, USER, ServerAccess.secret(dataDirectory).orElse(null));
    }

    private static void refuseIfInUse(Path dir) {
        OptionalLong pid = runningServerPid(dir);
        if (pid.isPresent()) {
            throw new StartFailure("data directory " + dir + " is in use by a running PostgreSQL (pid " + pid.getAsLong()
                    + "): stop the other demo, or if none runs, stop that server with: kill -INT " + pid.getAsLong());
        }
    }

    private static void refuseIfForeign(Path dir) {
        if (!Files.isDirectory(dir) || Files.exists(dir.resolve("PG_VERSION"))) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new StartFailure("data directory " + dir + " is not empty and holds no PostgreSQL data:"
                        + " pass an empty or new --data directory");
            }
        } catch (IOException e) {
            throw new StartFailure("cannot read data directory " + dir + ": " + e.getMessage() + " — check its permissions", e);
        }
    }

    private static void refuseIfPortTaken(int port, Path dir) {
        // PostgreSQL would fail to bind, but the readiness check could then reach whatever holds the port
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
        } catch (BindException e) {
            throw new StartFailure("port " + port + " on localhost is in use by another program: pass another --port", e);
        } catch (IOException e) {
            throw new StartFailure("cannot check port " + port + " for the database on " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pid of a live server holding the data directory, from the {@code postmaster.pid} lock file
     * PostgreSQL keeps there while it runs. A file left by a crash names a dead process (or, after a
     * reboot, maybe a process that is not PostgreSQL): that is not "in use".
     */
    public static OptionalLong runningServerPid(Path dataDirectory) {
        Path lock = dataDirectory.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(lock);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        if (lines.isEmpty()) {
            return OptionalLong.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        boolean live = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true))
                .orElse(false);
        return live ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    /**
     * Stops the server running on {@code dataDirectory}, whoever started it: a fast shutdown (sessions
     * cut, committed data kept), waiting until the data directory is released.
     *
     * @return false when no server ran there
     * @throws StartFailure when it did not stop in time
     */
    public static boolean stopRunning(Path dataDirectory, Duration wait) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        OptionalLong pid = runningServerPid(dir);
        if (pid.isEmpty()) {
            return false;
        }
        try {
            // SIGINT is PostgreSQL's fast shutdown; Java's destroy() sends SIGTERM, the smart one that waits for every client
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid.getAsLong())).redirectErrorStream(true).start();
            kill.waitFor();
        } catch (IOException e) {
            throw new StartFailure("cannot signal PostgreSQL (pid " + pid.getAsLong() + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (runningServerPid(dir).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new StartFailure("PostgreSQL (pid " + pid.getAsLong() + ") on " + dir + " did not stop within "
                        + wait.toSeconds() + " s — see its log; stop it with: kill -INT " + pid.getAsLong());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return true;
    }

    public DbUrl url() {
        return DbUrl.of("jdbc:postgresql://localhost:" + port + "/" + DATABASE, USER, password);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public int port() {
        return port;
    }

    /** The server's process id, or -1 when it could not be read. */
    public long serverPid() {
        return serverPid;
    }

    /**
     * Stops the server (fast shutdown: open sessions are cut, committed data is kept) and waits until
     * it has released the data directory, so that a next start does not find it in use.
     */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL on " + dataDirectory, e);
        }
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        while (runningServerPid(dataDirectory).isPresent() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class AccessFailure extends RuntimeException {
        AccessFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server could not be started; the message names the cause and the fix. */
    public static final class StartFailure extends RuntimeException {
        StartFailure(String message) {
            super(message);
        }

        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
