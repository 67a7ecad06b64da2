package dev.pampa.control.shell;

/**
 * The step of an operation on a node that went wrong: what callers branch on (a refused login sends
 * the wizard back to the node's page, an unreachable node has its own exit code), and, by its
 * {@link #label()}, the first words of every problem the operator reads.
 */
public enum NodeStep {
    /** Reaching the node's SSH server, or a command on the local node that is not an SSH node. */
    CONNECT("connect"),
    /** Checking the host key the node presents against the known hosts. */
    HOST_KEY("verify host key"),
    /** The node refused the key or the password. */
    AUTHENTICATE("authenticate"),
    /** Reading a private key file (missing, unreadable, or its passphrase). */
    LOAD_KEY("load key"),
    CREATE_OPERATOR_KEY("create operator key"),
    /** Putting Pampa's key into the node's authorized_keys. */
    INSTALL_KEY("install key"),
    RUN_COMMAND("run command"),
    UPLOAD("upload"),
    REKEY("re-key"),
    PREPARE_BASE_DIRECTORY("prepare base directory"),
    PROBE_LOGIN_SHELL("probe login shell"),
    PROBE_SYSTEM("probe system"),
    PROBE_JAVA("probe java"),
    PROBE_BASE_DIRECTORY("probe base directory"),
    DEPLOY("deploy"),
    START("start"),
    STOP("stop"),
    /** Reading which of Pampa's processes run on the node. */
    STATUS("status"),
    READ_LOG("read log"),
    /** Removing a stored node. */
    REMOVE("remove"),
    /** An operation on one node of many as a whole: it ran out of time, was interrupted, or failed unexpectedly. */
    OPERATION("operation");

    private final String label;

    NodeStep(String label) {
        this.label = label;
    }

    /** The step in the operator's words. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
