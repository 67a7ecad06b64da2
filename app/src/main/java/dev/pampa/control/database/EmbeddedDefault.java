package dev.pampa.control.database;

import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.NodeDraft;
import dev.pampa.model.NodeSpec;
import dev.pampa.sample.SampleJob;
import dev.pampa.sample.SampleJobs;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.JobStore;
import dev.pampa.store.NodeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * What Pampa runs on when the operator has configured nothing: an embedded PostgreSQL under
 * {@code ~/.pampa}, migrated, with the sample {@code numbers} table, the {@code search_odd_numbers}
 * job and the {@code local} node, so that one click runs a job. What the operator changed since
 * (a job's parameters, the local node's workers) is kept: only what is missing is created.
 */
public final class EmbeddedDefault {
    public static final SampleJob SAMPLE = SampleJobs.SEARCH_ODD_NUMBERS;

    private EmbeddedDefault() {
    }

    /** Where the embedded default keeps its data and logs. */
    public record Location(Path dataDirectory, int port, Path logs) {
        public static Location forOperator() {
            Path home = Path.of(System.getProperty("user.home"), ".pampa");
            return new Location(EmbeddedDatabase.defaultDataDirectory(), EmbeddedDatabase.DEFAULT_PORT, home.resolve("logs"));
        }
    }

    /**
     * The database ready for use: the server started, or found already running on the same data
     * directory (another cockpit, or the demo, started it: it is used, not started a second time),
     * then migrated and seeded.
     *
     * @param progress told each step, for a status line
     * @throws EmbeddedDatabase.StartFailure when the server cannot be started, naming the cause and the fix
     */
    public static OperatorDatabase open(Location where, Consumer<String> progress) {
        Path dir = where.dataDirectory().toAbsolutePath().normalize();
        EmbeddedDatabase owned = null;
        DbUrl url;
        int port;
        OptionalInt runningPort = EmbeddedDatabase.runningServerPid(dir).isPresent() ? portOfRunningServer(dir) : OptionalInt.empty();
        if (runningPort.isPresent()) {
            progress.accept("Using the embedded database already running on port " + runningPort.getAsInt());
            port = runningPort.getAsInt();
            url = EmbeddedDatabase.urlFor(dir, port);
        } else {
            progress.accept("Starting the embedded database in " + dir);
            owned = EmbeddedDatabase.start(dir, where.port(), where.logs().resolve("postgres.log"));
            url = owned.url();
            port = owned.port();
        }
        Database db;
        try {
            db = Database.open(url, 4, "pampa-cockpit");
        } catch (RuntimeException e) {
            if (owned != null) {
                owned.close();
            }
            throw e;
        }
        try {
            progress.accept("Migrating Pampa's schema");
            db.migrate();
            seed(db, progress);
        } catch (RuntimeException e) {
            db.close();
            if (owned != null) {
                owned.close();
            }
            throw e;
        }
        String description = "embedded PostgreSQL on localhost:" + port + (owned == null ? " (started by another Pampa)" : "");
        return new OperatorDatabase(db, owned, description);
    }

    /** The URL of the embedded database when its server runs now (started by a cockpit, the demo or {@code pampa db start}). */
    public static java.util.Optional<DbUrl> runningUrl(Location where) {
        Path dir = where.dataDirectory().toAbsolutePath().normalize();
        if (EmbeddedDatabase.runningServerPid(dir).isEmpty()) {
            return java.util.Optional.empty();
        }
        OptionalInt port = portOfRunningServer(dir);
        return port.isPresent()
                ? java.util.Optional.of(EmbeddedDatabase.urlFor(dir, port.getAsInt()))
                : java.util.Optional.empty();
    }

    /**
     * Starts the server and leaves it running after this program exits (for the command line:
     * {@code pampa db start}); a running server is left as it is.
     *
     * @return the database's description
     */
    public static String startDetached(Location where, Consumer<String> progress) {
        try (OperatorDatabase db = open(where, progress)) {
            db.detachServer();
            return db.description();
        }
    }

    /** The sample table, job and local node, each only if missing. */
    static void seed(Database db, Consumer<String> progress) {
        progress.accept("Creating the sample table numbers (100,000 rows) if missing");
        SAMPLE.tableScript().runOn(db);
        JobStore jobs = new JobStore(db.dsl());
        if (jobs.find(SAMPLE.name()).isEmpty()) {
            jobs.save(SAMPLE.spec());
        }
        NodeStore nodes = new NodeStore(db.dsl());
        if (nodes.find(NodeSpec.LOCAL).isEmpty()) {
            nodes.save(localNode());
        }
    }

    /** This machine, with a worker per core, run by the Java that runs Pampa. */
    public static NodeSpec localNode() {
        try {
            return new NodeDraft(NodeSpec.LOCAL, null, null, null, null, null, ownJava(), null, null, null).toSpec();
        } catch (InvalidSpecException e) {
            throw new IllegalStateException("the local node's defaults do not pass its own checks: " + e.getMessage(), e);
        }
    }

    private static String ownJava() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : NodeSpec.DEFAULT_JAVA_COMMAND;
    }

    /** PostgreSQL writes its port on the fourth line of {@code postmaster.pid}. */
    static OptionalInt portOfRunningServer(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.size() >= 4 ? OptionalInt.of(Integer.parseInt(lines.get(3).trim())) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
