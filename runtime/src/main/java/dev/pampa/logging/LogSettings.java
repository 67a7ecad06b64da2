package dev.pampa.logging;

import java.util.Map;

/**
 * Where a runtime process logs and how much it keeps, from its environment: {@code PAMPA_LOG_FILE}
 * (unset: stderr, for the runtime's short commands), {@code PAMPA_LOG_MAX_MB} (size of one file
 * before it is rotated, default 10), {@code PAMPA_LOG_FILES} (files kept, the current one included,
 * default 5), {@code PAMPA_LOG_SUMMARY_SECONDS} (the window over which repeated lines are summarised,
 * default 60). The node facade sets them when it starts a process; a value that is not a positive
 * whole number is refused when the process starts, naming the variable.
 */
public record LogSettings(String file, long maxFileBytes, int files, int summarySeconds) {
    public static final int DEFAULT_MAX_MB = 10;
    public static final int DEFAULT_FILES = 5;
    public static final int DEFAULT_SUMMARY_SECONDS = 60;
    /** logback's fixed window keeps at most 20 old files. */
    public static final int MAX_FILES = 21;

    public LogSettings {
        if (files < 2 || files > MAX_FILES) {
            throw new IllegalArgumentException("PAMPA_LOG_FILES must be between 2 and " + MAX_FILES + ", not " + files);
        }
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("PAMPA_LOG_MAX_MB must be at least 1");
        }
    }

    public static LogSettings fromEnvironment(Map<String, String> env) {
        String file = env.get("PAMPA_LOG_FILE");
        return new LogSettings(file == null || file.isBlank() ? null : file,
                positive(env, "PAMPA_LOG_MAX_MB", DEFAULT_MAX_MB) * 1024L * 1024L,
                (int) positive(env, "PAMPA_LOG_FILES", DEFAULT_FILES),
                (int) positive(env, "PAMPA_LOG_SUMMARY_SECONDS", DEFAULT_SUMMARY_SECONDS));
    }

    /** The log's whole budget on disk. */
    public long maxTotalBytes() {
        return maxFileBytes * files;
    }

    private static long positive(Map<String, String> env, String name, long fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, with the variable's name
        }
        throw new IllegalArgumentException(name + "=" + v + " is not a positive whole number; unset it for the default " + fallback);
    }
}
