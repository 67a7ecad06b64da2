package dev.pampa.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pampa.report.RowTrialOutcome;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.monitor.TaskErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run on one row, for {@code job try} and the cockpit alike: the job's processor runs on a row the
 * operator names, in a JVM of its own started from this program's class path ({@code job try-here}),
 * never in the caller's: a processor that exits, crashes or hangs its JVM takes only that process
 * down, and one that outlives the timeout is killed. Nothing is written by the trial; {@link #write}
 * writes its outcome once the operator confirmed it.
 */
public final class RowTrials {
    /** How the trial's process marks its answer on stdout, among whatever the processor prints there. */
    public static final String MARKER = "PAMPA-TRIAL ";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lines of the process's own output kept to explain a crash. */
    private static final int OUTPUT_TAIL = 30;

    private final Database database;
    private final Path jobsDirectory;
    private final String classPath;

    public RowTrials(Database database, Path jobsDirectory) {
        this(database, jobsDirectory, ownClassPath());
    }

    public RowTrials(Database database, Path jobsDirectory, String classPath) {
        this.database = database;
        this.jobsDirectory = jobsDirectory;
        this.classPath = classPath;
    }

    /**
     * This JVM's own class path: the trial's process loads the runtime, its libraries and the job
     * classes this one does. (The jar this class came from alone is not enough where the runtime is a
     * thin jar beside its libraries, as in a build.) The jar of this class when the property is empty.
     */
    public static String ownClassPath() {
        String path = System.getProperty("java.class.path");
        if (path != null && !path.isBlank()) {
            return path;
        }
        try {
            return Path.of(RowTrials.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            return "";
        }
    }

    /** The line the trial's process prints: the marker and the outcome as JSON. */
    public static String answerLine(RowTrialOutcome outcome) {
        try {
            return MARKER + JSON.writeValueAsString(outcome);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the job's processor on the row of {@code key} in a process of its own and returns what it
     * would write, or how it failed; nothing is written.
     *
     * @throws UnknownJobException when no job has that name
     */
    public RowTrialOutcome dryRun(String job, String key, Duration timeout) {
        JobStore jobs = new JobStore(database.dsl());
        if (jobs.find(job).isEmpty()) {
            throw new UnknownJobException(job, jobs.all().stream().map(JobStore.StoredJob::name).toList());
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "dev.pampa.cli.RuntimeMain", "job", "try-here", "--key=" + key, "--jobs-dir=" + jobsDirectory, "--", job));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // the credentials go in the environment, where ps does not show them; the class path too, which a long command line would cut
        pb.environment().put("PAMPA_DB", database.url().withCredentials());
        pb.environment().put("CLASSPATH", classPath);
        pb.environment().remove("PAMPA_LOG_FILE");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return RowTrialOutcome.crashed("could not start the trial's process (" + command.get(0) + "): " + e.getMessage());
        }
        Deque<String> tail = new ArrayDeque<>();
        String[] answer = new String[1];
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (tail) {
                        if (line.startsWith(MARKER)) {
                            answer[0] = line.substring(MARKER.length());
                        } else {
                            tail.addLast(line);
                            if (tail.size() > OUTPUT_TAIL) {
                                tail.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the process went away: what was read is all there is
            }
        }, "trial-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return RowTrialOutcome.crashed("the trial ran longer than " + timeout.toSeconds() + " s and its process was killed;"
                        + " nothing was written — a processor this slow on one row needs a longer timeout, or it hangs");
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return RowTrialOutcome.crashed("the trial was interrupted; its process was killed");
        }
        synchronized (tail) {
            if (answer[0] != null) {
                try {
                    return JSON.readValue(answer[0], RowTrialOutcome.class);
                } catch (IOException e) {
                    return RowTrialOutcome.crashed("the trial's answer could not be read: " + e.getMessage());
                }
            }
            return RowTrialOutcome.crashed("the trial's process ended with exit code " + p.exitValue() + " without an answer"
                    + " (the processor may have exited or crashed the JVM); nothing was written"
                    + (tail.isEmpty() ? "" : ". Its last output:\n" + String.join("\n", tail)));
        }
    }

    /**
     * Writes a trial's outcome: the task ends done with the columns the processor staged, as shown to
     * the operator (the processor does not run again). Only a pending task is written.
     *
     * @throws UnknownJobException when no job has that name
     */
    public TaskOperations.Outcome write(String job, String key, RowTrialOutcome outcome, String by) {
        JobStore jobs = new JobStore(database.dsl());
        if (jobs.find(job).isEmpty()) {
            throw new UnknownJobException(job, jobs.all().stream().map(JobStore.StoredJob::name).toList());
        }
        if (!outcome.writable()) {
            return new TaskOperations.Outcome(false, outcome.state(), "task " + key + " of job " + job + " was not written: "
                    + (outcome.kind() != RowTrialOutcome.Kind.DONE ? "the processor did not return"
                    : outcome.problem() != null ? outcome.problem() : "it is " + outcome.state().text() + ", not pending"));
        }
        int n = new TaskErrors(database.dsl()).writeTrial(job, key, outcome.columns(), by);
        return n > 0
                ? new TaskOperations.Outcome(true, dev.pampa.report.TaskDetail.State.DONE, "task " + key + " of job " + job + " written: done"
                        + (outcome.columns().isEmpty() ? "" : " with " + String.join(", ", outcome.columns().keySet())))
                : new TaskOperations.Outcome(false, null, "task " + key + " of job " + job
                        + " was not written: it is no longer pending (a worker took it, or it was cancelled meanwhile)");
    }
}
