package dev.pampa.control.shell;

import java.io.InputStream;
import java.time.Duration;

/**
 * A node's POSIX shell and a way to put bytes into its files: what deploy and process control need,
 * so that the {@code local} node and SSH nodes share every script and rule.
 */
public interface NodeShell extends AutoCloseable {

    /** Runs the command and waits for it; a null exit status means unknown, never success. */
    CommandResult run(RemoteCommand command, Duration timeout) throws NodeOperationException;

    /**
     * Writes {@code content} into the file at the absolute {@code path}, creating it or truncating it.
     * An existing file keeps its mode, so a file created 0600 beforehand stays private.
     */
    void write(InputStream content, String path) throws NodeOperationException;

    /** Names the node in messages. */
    String describe();

    @Override
    void close();
}
