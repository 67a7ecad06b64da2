package dev.pampa.testkit;

import dev.pampa.cli.RuntimeMain;
import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.JobYaml;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.JobStore;
import dev.pampa.store.SqlScript;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import picocli.CommandLine;

/**
 * A PostgreSQL of a job test's own: started from the binaries on the test class path, holding the
 * {@code pampa} schema as {@code pampa migrate} leaves it. A test creates its task table
 * ({@link #runScript}), applies its job's YAML as {@code pampa job apply --create-columns} does
 * ({@link #applyJob}), runs the job to the end with the runtime's own dispatcher and workers
 * ({@link #runToEnd}) and reads the results ({@link #dsl}). Closing it stops the server and deletes
 * its data.
 */
public final class JobTestDatabase implements AutoCloseable {
    private static final int POOL_SIZE = 4;

    private final EmbeddedPostgres server;
    private final Database database;
    private final Path workDirectory;

    private JobTestDatabase(EmbeddedPostgres server, Database database, Path workDirectory) {
        this.server = server;
        this.database = database;
        this.workDirectory = workDirectory;
    }

    /**
     * Starts the server (a few seconds) and migrates the pampa schema into its database. The server's
     * own log goes to a file, named when it fails to start, rather than among the test's output.
     */
    public static JobTestDatabase start() {
        Path work;
        try {
            work = Files.createTempDirectory("pampa-job-test");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage() + " — check that java.io.tmpdir is writable", e);
        }
        Path serverLog = work.resolve("postgres.log");
        EmbeddedPostgres server;
        try {
            server = EmbeddedPostgres.builder()
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage() + " — its log is " + serverLog
                    + "; check that the temporary directory is writable and has a few hundred MB free", e);
        }
        try {
            Database database = Database.open(DbUrl.of("jdbc:postgresql://localhost:" + server.getPort() + "/postgres", "postgres", null),
                    POOL_SIZE, "job test");
            database.migrate();
            return new JobTestDatabase(server, database, work);
        } catch (RuntimeException e) {
            closeQuietly(server);
            throw e;
        }
    }

    /** jOOQ on the database: the test's own rows and the checks of what the job wrote. */
    public DSLContext dsl() {
        return database.dsl();
    }

    /** The database's address, as {@code --db} takes it. */
    public String url() {
        return database.url().withCredentials();
    }

    /** Runs a SQL file (a task table and its rows, say) in one transaction. */
    public void runScript(Path file) {
        try {
            SqlScript.of(file.toString(), Files.readString(file, StandardCharsets.UTF_8)).runOn(database);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SQL script " + file.toAbsolutePath() + " — check the path (tests run in the project's directory)", e);
        }
    }

    /**
     * Applies a job's YAML file with the runtime's own {@code job apply FILE --create-columns}: checks
     * the parameters, the table and the classes (here: on the test's class path), adds the tracking
     * columns, the dispatcher's indexes and the wake-up trigger, and stores the job.
     *
     * @return the job's name
     * @throws AssertionError with every problem {@code job apply} found, when the job is invalid
     */
    public String applyJob(Path yaml) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RuntimeMain.commandLine(new RuntimeMain());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("job", "apply", yaml.toString(), "--create-columns", "--jobs-dir", jobsDirectory().toString(), "--db", url());
        if (code != 0) {
            throw new AssertionError("job apply " + yaml + " failed (exit code " + code + "):\n" + err + out);
        }
        try {
            return JobYaml.read(yaml).name();
        } catch (IOException | InvalidSpecException e) {
            throw new IllegalStateException("job apply read " + yaml + ", but it cannot be read again: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a stored job until none of its tasks is pending, queued or running, with the runtime's
     * dispatcher and {@code workers} workers as threads of this JVM (the same loops a node runs in its
     * processes), then stops them as SIGTERM does.
     *
     * @return how many tasks ended done, and how many dead
     * @throws AssertionError when tasks are left after {@code timeout}, or the dispatcher or a worker failed
     */
    public JobOutcome runToEnd(String job, int workers, Duration timeout) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers is " + workers + " — run at least 1");
        }
        var spec = new JobStore(database.dsl()).find(job)
                .orElseThrow(() -> new AssertionError("no job named " + job + " is stored — apply its YAML first with applyJob"))
                .spec();
        return new InProcessCluster(database.url(), jobsDirectory(), workers).runToEnd(spec, timeout);
    }

    /** {@link #runToEnd(String, int, Duration)} with two workers. */
    public JobOutcome runToEnd(String job, Duration timeout) {
        return runToEnd(job, 2, timeout);
    }

    /** Missing on purpose: the job's classes are on the test's class path, not in job jars. */
    private Path jobsDirectory() {
        return workDirectory.resolve("no-job-jars");
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            closeQuietly(server);
            deleteQuietly(workDirectory);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a server log left in the temporary directory harms nothing
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException ignored) {
            // its data directory is temporary; a server that does not stop dies with the JVM
        }
    }
}
