package dev.pampa.control.node;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java a node's command resolves to.
 *
 * @param command  what we ran, as configured
 * @param foundAt  the path {@code command -v} resolved it to; null when not found
 * @param version  the version {@code -version} printed, e.g. {@code 17.0.15}; null when none
 * @param major    the feature release (8 for {@code 1.8.0_392}); null when unknown
 */
public record JavaOnNode(String command, String foundAt, String version, Integer major) {

    private static final Pattern VERSION = Pattern.compile("version \"([^\"]+)\"");

    /** Reads {@code java -version} output, e.g. {@code openjdk version "11.0.2" 2019-01-15}. */
    static JavaOnNode parse(String command, String foundAt, String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput);
        if (!m.find()) {
            return new JavaOnNode(command, foundAt, null, null);
        }
        String version = m.group(1);
        return new JavaOnNode(command, foundAt, version, major(version));
    }

    static Integer major(String version) {
        Matcher m = Pattern.compile("^(\\d+)(?:\\.(\\d+))?").matcher(version);
        if (!m.find()) {
            return null;
        }
        int first = Integer.parseInt(m.group(1));
        // Before Java 9 the feature release was the second number: 1.8.0_392 is Java 8.
        return first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
    }

    public boolean meetsRequirement() {
        return major != null && major >= ProbeSettings.REQUIRED_JAVA;
    }
}
