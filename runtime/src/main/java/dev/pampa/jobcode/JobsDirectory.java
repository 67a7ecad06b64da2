package dev.pampa.jobcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Watches the jobs directory so that a jar added or replaced while the worker runs is picked up
 * without a restart: the jobs path is rebuilt when the jars' names, sizes or times change.
 */
public final class JobsDirectory {
    private final Path directory;
    private List<String> fingerprint;
    private JobsPath current;

    public JobsDirectory(Path directory) {
        this.directory = directory;
        this.fingerprint = fingerprint();
        this.current = JobsPath.of(directory);
    }

    public JobsDirectory(JobsPath fixed) {
        this.directory = fixed.directory();
        this.fingerprint = fingerprint();
        this.current = fixed;
    }

    /** The jobs path, rebuilt if the directory changed since the last call; true in {@link #changed} then. */
    public JobsPath refresh() {
        List<String> now = fingerprint();
        if (!now.equals(fingerprint)) {
            fingerprint = now;
            current = JobsPath.of(directory);
            changed = true;
        }
        return current;
    }

    private boolean changed;

    public boolean takeChanged() {
        boolean c = changed;
        changed = false;
        return c;
    }

    private List<String> fingerprint() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().map(p -> {
                try {
                    return p.getFileName() + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    return p.getFileName() + ":?";
                }
            }).toList();
        } catch (IOException e) {
            return List.of("unreadable");
        }
    }
}
