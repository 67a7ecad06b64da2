package dev.pampa.control.node;

/**
 * What a probe looks for on a node: the Java command (a name looked up on the node's PATH, an
 * absolute path, or {@code ~/…}) and the base directory Pampa will use ({@code ~/…} or absolute).
 */
public record ProbeSettings(String javaCommand, String baseDirectory) {

    public static final int REQUIRED_JAVA = 17;

    public ProbeSettings {
        if (javaCommand == null || javaCommand.isBlank()) {
            throw new IllegalArgumentException("the Java command on the node cannot be empty");
        }
        if (baseDirectory == null || baseDirectory.isBlank()) {
            throw new IllegalArgumentException("the base directory on the node cannot be empty");
        }
    }

    public static ProbeSettings defaults() {
        return new ProbeSettings("java", "~/.pampa");
    }
}
