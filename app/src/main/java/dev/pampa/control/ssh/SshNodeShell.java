package dev.pampa.control.ssh;

import dev.pampa.control.shell.CommandResult;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.shell.RemoteCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * A node reached over an open {@link SshSession}: commands on exec channels, file content over one
 * SFTP channel opened on first use and kept for the session. Closing it closes the SFTP channel, not
 * the session, which belongs to the caller.
 */
public final class SshNodeShell implements NodeShell {

    private final SshSession session;
    private SftpClient sftp;

    public SshNodeShell(SshSession session) {
        this.session = session;
    }

    @Override
    public CommandResult run(RemoteCommand command, Duration timeout) throws NodeOperationException {
        return session.run(command, timeout);
    }

    @Override
    public synchronized void write(InputStream content, String path) throws NodeOperationException {
        try {
            SftpClient client = sftp();
            // Write + Create + Truncate: an existing file keeps its mode.
            try (OutputStream out = client.write(path)) {
                content.transferTo(out);
            }
        } catch (IOException e) {
            closeSftp();
            throw new NodeOperationException(new NodeProblem(NodeStep.UPLOAD,
                    "writing " + path + " on " + session.address() + " over SFTP failed (" + e.getClass().getSimpleName() + ")",
                    "check that the node is up, that its sshd offers the sftp subsystem, and that the directory is writable"), e);
        }
    }

    private SftpClient sftp() throws IOException {
        if (sftp == null || !sftp.isOpen()) {
            sftp = SftpClientFactory.instance().createSftpClient(session.clientSession());
        }
        return sftp;
    }

    @Override
    public String describe() {
        return session.address().toString();
    }

    @Override
    public synchronized void close() {
        closeSftp();
    }

    private void closeSftp() {
        if (sftp != null) {
            try {
                sftp.close();
            } catch (IOException ignored) {
                // the channel goes with the session anyway
            }
            sftp = null;
        }
    }
}
