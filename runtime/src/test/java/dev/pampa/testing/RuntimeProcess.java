package dev.pampa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One runtime OS process a test started (a worker, the dispatcher, or any main class), with its
 * stdout and stderr going to one log file.
 */
public final class RuntimeProcess {
    private final String label;
    private final Process process;
    private final Path logFile;

    RuntimeProcess(String label, Process process, Path logFile) {
        this.label = label;
        this.process = process;
        this.logFile = logFile;
    }

    /** What the process is, for messages: "worker local.1", "dispatcher". */
    public String label() {
        return label;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Everything the process wrote so far, stdout and stderr interleaved. */
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    /** SIGTERM: the polite stop a worker answers by finishing its task in hand. Does not wait. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL, as when a machine loses power; returns once the process is gone. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The exit code, once the process exited (143 after SIGTERM without a handler, 137 after SIGKILL).
     *
     * @throws AssertionError when it still runs after {@code timeout}, with the end of its log
     */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(label + " (pid " + pid() + ") still runs after " + timeout + "; its log ends with:\n" + logTail(20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + label, e);
        }
        return process.exitValue();
    }

    /**
     * Waits until the log contains {@code text}.
     *
     * @throws AssertionError when it does not within {@code timeout}, or the process exited first
     */
    public void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (!process.isAlive() && !log().contains(text)) {
                throw new AssertionError(label + " exited with code " + process.exitValue() + " before logging '" + text + "'; its log ends with:\n" + logTail(20));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(label + " did not log '" + text + "' within " + timeout + "; its log ends with:\n" + logTail(20));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + label, e);
            }
        }
    }

    /** The last {@code n} lines of the log. */
    public String logTail(int n) {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    @Override
    public String toString() {
        return label + " (pid " + pid() + ", log " + logFile + ")";
    }
}
