package dev.pampa.control.ssh;

import dev.pampa.control.shell.CommandResult;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.RemoteCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * One authenticated SSH session to a node, reused for many commands, kept alive by heartbeats. Every
 * failure is a {@link NodeOperationException} naming the step, the cause and the fix.
 */
public final class SshSession implements AutoCloseable {

    /** How long each step may take, and how often to send a keep-alive. */
    public record Timeouts(Duration connect, Duration auth, Duration command, Duration heartbeat) {
        public static Timeouts defaults() {
            return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofMinutes(2), Duration.ofSeconds(30));
        }
    }

    private final NodeAddress address;
    private final SshClient client;
    private final ClientSession session;
    private final Timeouts timeouts;
    private final AtomicReference<HostKeyCheck> lastHostKeyCheck;

    private SshSession(NodeAddress address, SshClient client, ClientSession session, Timeouts timeouts,
            AtomicReference<HostKeyCheck> lastHostKeyCheck) {
        this.address = address;
        this.client = client;
        this.session = session;
        this.timeouts = timeouts;
        this.lastHostKeyCheck = lastHostKeyCheck;
    }

    /**
     * Connects, verifies the host key through {@code trust}, and logs in. A password login forgets the
     * password once the attempt is over, whatever its outcome.
     */
    public static SshSession open(NodeAddress address, SshLogin login, HostKeyTrust trust, Timeouts timeouts)
            throws NodeOperationException {
        SshClient client = SshClient.setUpDefaultClient();
        // One client per session, so that the verdicts recorded here are this connection's.
        AtomicReference<HostKeyCheck> lastHostKeyCheck = new AtomicReference<>();
        client.setServerKeyVerifier(trust.verifierFor(address.host(), address.port(), lastHostKeyCheck::set));
        client.setSignatureFactories(HostKeyPreference.knownTypesFirst(client.getSignatureFactories(),
                trust.knownKeyTypes(address.host(), address.port())));
        // Only the login we were given: not ~/.ssh/config, not the user's default keys.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, timeouts.heartbeat());
        client.start();
        ClientSession session = null;
        try {
            session = connect(client, address, timeouts);
            login(session, address, login, timeouts, lastHostKeyCheck);
            return new SshSession(address, client, session, timeouts, lastHostKeyCheck);
        } catch (NodeOperationException | RuntimeException e) {
            closeQuietly(session);
            client.stop();
            throw e;
        } finally {
            if (login instanceof SshLogin.WithPassword password) {
                password.forget();
            }
        }
    }

    private static ClientSession connect(SshClient client, NodeAddress address, Timeouts timeouts) throws NodeOperationException {
        try {
            return client.connect(address.user(), address.host(), address.port())
                    .verify(timeouts.connect()).getSession();
        } catch (IOException e) {
            throw new NodeOperationException(connectProblem(address, e, timeouts), e);
        }
    }

    private static NodeProblem connectProblem(NodeAddress address, IOException e, Timeouts timeouts) {
        String where = HostKeyTrust.hostPattern(address.host(), address.port());
        if (hasCause(e, ConnectException.class)) {
            return new NodeProblem(NodeStep.CONNECT, "the connection to " + where + " was refused: no SSH server listens there",
                    "check the host and port, and that the SSH server (sshd) runs on the node");
        }
        if (hasCause(e, UnknownHostException.class)) {
            return new NodeProblem(NodeStep.CONNECT, "the host name " + address.host() + " does not resolve",
                    "check the spelling of the host, or give its IP address");
        }
        if (hasCause(e, NoRouteToHostException.class)) {
            return new NodeProblem(NodeStep.CONNECT, "there is no route to " + where, "check the network between here and the node");
        }
        return new NodeProblem(NodeStep.CONNECT, "could not reach " + where + " within " + timeouts.connect().toSeconds() + " s ("
                + e.getClass().getSimpleName() + ")", "check the host, the port, and any firewall in between");
    }

    private static void login(ClientSession session, NodeAddress address, SshLogin login, Timeouts timeouts,
            AtomicReference<HostKeyCheck> lastHostKeyCheck) throws NodeOperationException {
        if (login instanceof SshLogin.WithKey key) {
            session.addPublicKeyIdentity(key.keyPair());
        } else if (login instanceof SshLogin.WithPassword password) {
            session.addPasswordIdentity(password.reveal());
        }
        try {
            session.auth().verify(timeouts.auth());
        } catch (IOException e) {
            HostKeyCheck check = lastHostKeyCheck.get();
            if (check != null && !check.accepted()) {
                throw new HostKeyRefusedException(check);
            }
            if (!session.isOpen() && check == null) {
                throw new NodeOperationException(new NodeProblem(NodeStep.CONNECT,
                        "the server at " + HostKeyTrust.hostPattern(address.host(), address.port())
                                + " closed the connection before login",
                        "check that it is an SSH server and that it accepts connections from here"), e);
            }
            if (session.isAuthenticated()) {
                return;
            }
            String fix = login instanceof SshLogin.WithPassword
                    ? "check the user name and the password"
                    : "install the key on the node (install-key with the password, once), or give the right key file";
            throw new NodeOperationException(new NodeProblem(NodeStep.AUTHENTICATE,
                    "the node refused " + address.user() + " with " + login.describe(), fix), e);
        } finally {
            if (login instanceof SshLogin.WithPassword) {
                session.removePasswordIdentity(((SshLogin.WithPassword) login).reveal());
            }
        }
    }

    /** Runs the command and waits for it to finish (up to the command timeout). */
    public CommandResult run(RemoteCommand command) throws NodeOperationException {
        return run(command, timeouts.command());
    }

    public CommandResult run(RemoteCommand command, Duration timeout) throws NodeOperationException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command.commandLine())) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(timeouts.connect());
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new NodeOperationException(new NodeProblem(NodeStep.RUN_COMMAND,
                        "a command on " + address + " did not finish within " + timeout.toSeconds() + " s",
                        "check the node's load, or allow a longer time"));
            }
            return new CommandResult(channel.getExitStatus(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NodeOperationException(new NodeProblem(NodeStep.RUN_COMMAND,
                    "the SSH session to " + address + " failed while running a command (" + e.getClass().getSimpleName() + ")",
                    "check that the node is up, then try again"), e);
        }
    }

    /** Starts a new key exchange; the host key is verified again, which a known key passes. */
    public void reExchangeKeys() throws NodeOperationException {
        try {
            session.reExchangeKeys().verify(timeouts.connect());
        } catch (IOException e) {
            HostKeyCheck check = lastHostKeyCheck.get();
            if (check != null && !check.accepted()) {
                throw new HostKeyRefusedException(check);
            }
            throw new NodeOperationException(new NodeProblem(NodeStep.REKEY, "the key re-exchange with " + address + " failed",
                    "reconnect to the node"), e);
        }
    }

    public NodeAddress address() {
        return address;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    /** The underlying MINA session, for channels other than exec (SFTP uploads in {@link SshNodeShell}). */
    ClientSession clientSession() {
        return session;
    }

    @Override
    public void close() {
        closeQuietly(session);
        client.stop();
    }

    private static void closeQuietly(ClientSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (IOException ignored) {
                // closing is best effort; the client stops anyway
            }
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
