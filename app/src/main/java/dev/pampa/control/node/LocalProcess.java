package dev.pampa.control.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/** A runtime process (the dispatcher or a worker) running as a child of this JVM, with its log file. */
public final class LocalProcess {
    private final String name;
    private final Process process;
    private final Path logFile;

    LocalProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** "dispatcher" or the worker's name, {@code local.1} … */
    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once it exited; empty while it runs. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * The last non-blank line of its output ({@code NAME.out} beside the log, where a runtime command
     * that failed prints its one-line error), else of its log.
     */
    public String lastLogLine() {
        String fromOutput = lastLine(logFile.resolveSibling(logFile.getFileName().toString().replaceFirst("\\.log$", ".out")));
        return fromOutput.isEmpty() || fromOutput.startsWith("---- ") ? lastLine(logFile) : fromOutput;
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    Process process() {
        return process;
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
