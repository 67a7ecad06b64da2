package dev.pampa.control.shell;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code local} node: the same command lines run by this machine's {@code sh -c}, files written
 * directly. Output goes through temporary files rather than pipes, so that a command that leaves a
 * background process behind cannot hold us waiting for the end of its output.
 */
public final class LocalShell implements NodeShell {

    private final Map<String, String> environment;

    public LocalShell() {
        this(Map.of());
    }

    /** With variables set or replaced in the commands' environment: a node whose PATH finds other programs. */
    public LocalShell(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public CommandResult run(RemoteCommand command, Duration timeout) throws NodeOperationException {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("pampa-local-out", ".txt");
            err = Files.createTempFile("pampa-local-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command.commandLine())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new NodeOperationException(new NodeProblem(NodeStep.RUN_COMMAND,
                        "a command on the local node did not finish within " + timeout.toSeconds() + " s",
                        "check this machine's load, or allow a longer time"));
            }
            return new CommandResult(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NodeOperationException(new NodeProblem(NodeStep.RUN_COMMAND,
                    "could not run sh on the local node (" + e.getMessage() + ")", "check that /bin/sh exists and runs"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeOperationException(new NodeProblem(NodeStep.RUN_COMMAND, "interrupted while a local command ran", "try again"), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    @Override
    public void write(InputStream content, String path) throws NodeOperationException {
        // No REPLACE_EXISTING copy: that deletes and recreates, losing a mode set beforehand.
        try (OutputStream out = Files.newOutputStream(Path.of(path),
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            content.transferTo(out);
        } catch (IOException e) {
            throw new NodeOperationException(new NodeProblem(NodeStep.UPLOAD, "writing " + path + " on the local node failed: " + e.getMessage(),
                    "check that the directory exists and is writable"), e);
        }
    }

    @Override
    public String describe() {
        return "the local node";
    }

    @Override
    public void close() {
        // nothing held
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left in /tmp is harmless
            }
        }
    }
}
