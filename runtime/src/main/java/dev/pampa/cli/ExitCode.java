package dev.pampa.cli;

/** Distinct exit codes, so that scripts can tell failures apart. Documented in the README. */
public final class ExitCode {
    public static final int OK = 0;
    /** A failure not covered below; the message says what happened. */
    public static final int FAILURE = 1;
    /** Wrong command-line usage (picocli's own code). */
    public static final int USAGE = 2;
    /** The database URL cannot be parsed. */
    public static final int BAD_URL = 3;
    /** The database cannot be reached or refused the credentials. */
    public static final int DB_UNAVAILABLE = 4;
    /** The pampa schema is missing or older than this runtime: run migrate. */
    public static final int SCHEMA_TOO_OLD = 5;
    /** No job of that name. */
    public static final int UNKNOWN_JOB = 6;
    /** A job definition is invalid (YAML, parameters, table, columns, classes). */
    public static final int INVALID_JOB = 7;
    /** No node of that name (operator CLI). */
    public static final int UNKNOWN_NODE = 8;
    /** A node definition is invalid: name, host, port, user, auth, limits (operator CLI). */
    public static final int INVALID_NODE = 9;
    /** The node still has workers running or stopping: stop them first (operator CLI). */
    public static final int NODE_IN_USE = 10;
    /** The node's SSH host key is unknown (approve it with node trust) or changed (operator CLI). */
    public static final int HOST_KEY_NOT_TRUSTED = 11;
    /** The node cannot be reached or refused the login, or the key file cannot be read (operator CLI). */
    public static final int NODE_UNREACHABLE = 12;
    /** An operation on a reached node failed: deploy, start, stop, logs (operator CLI). */
    public static final int NODE_OPERATION_FAILED = 13;
    /** The probe found the node not ready to run workers (Java, base directory, noisy login) (operator CLI). */
    public static final int NODE_NOT_READY = 14;
    /** A command on several nodes failed on some of them; each node's line says why (operator CLI). */
    public static final int SOME_NODES_FAILED = 15;
    /**
     * A worker stopped on its own to be replaced by a fresh process: a processor ignored interruption
     * and its thread could not be stopped. Its tasks were handed back; its node's agent restarts it.
     */
    public static final int RESTART_WANTED = 16;

    private ExitCode() {
    }
}
