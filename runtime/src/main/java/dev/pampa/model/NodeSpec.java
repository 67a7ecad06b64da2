package dev.pampa.model;

import java.util.regex.Pattern;

/**
 * A machine that runs workers. Holds no secret: a key is named by its path; passwords are never kept.
 */
public record NodeSpec(String name, String host, int port, String user, String keyPath, int maxWorkers,
                       String javaCommand, String baseDir, Integer maxRamMb, Integer maxCpuPercent) {
    /** Node names end up in worker names and remote paths, so they are restricted before any use. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    public static final String LOCAL = "local";

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
