package dev.pampa.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's Unix domain socket: in a directory only its owner may enter (0700), itself 0600, and
 * a connection from another user is closed at once (the peer's credentials, SO_PEERCRED). Whoever can
 * connect can report results for the node's workers, so only the node's own user may.
 */
final class AgentSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSocket.class);
    /** sun_path holds 108 bytes with its terminating zero. */
    static final int MAX_PATH_BYTES = 107;

    private final Path path;
    private final ServerSocketChannel server;
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean closed;

    private AgentSocket(Path path, ServerSocketChannel server) {
        this.path = path;
        this.server = server;
    }

    /**
     * Binds the socket, creating its directory (0700) when missing.
     *
     * @throws IllegalStateException with the cause and the fix when the path is too long, its directory
     *     is open to others, or another agent serves it
     */
    static AgentSocket bind(Path path) {
        Path abs = path.toAbsolutePath();
        if (abs.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new IllegalStateException("the socket path " + abs + " is longer than " + MAX_PATH_BYTES + " bytes, the limit of Unix domain sockets — use a shorter --socket");
        }
        try {
            Path dir = abs.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
                throw new IllegalStateException("the socket's directory " + dir + " is open to other users (" + PosixFilePermissions.toString(perms)
                        + ") — run: chmod 700 " + dir);
            }
            if (Files.exists(abs)) {
                if (answers(abs)) {
                    throw new IllegalStateException("another agent serves " + abs + " — stop it first (one agent per node)");
                }
                Files.delete(abs); // left by an agent that was killed
            }
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(UnixDomainSocketAddress.of(abs));
            } catch (IOException e) {
                server.close();
                throw e;
            }
            Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rw-------"));
            return new AgentSocket(abs, server);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("cannot create the socket's directory: " + e.getFile() + " is a file — remove it or use another --socket", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + abs + ": " + e.getMessage(), e);
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return c.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    Path path() {
        return path;
    }

    /** Accepts connections on a thread of its own until closed. */
    void acceptInto(Consumer<WorkerLink> accepted) {
        Thread t = new Thread(() -> {
            String me = System.getProperty("user.name");
            while (!closed) {
                try {
                    SocketChannel c = server.accept();
                    String peer = peerUser(c);
                    if (peer != null && !peer.equals(me)) {
                        LOG.warn("refused a connection from user {}: only {} may talk to this agent", peer, me);
                        c.close();
                        continue;
                    }
                    accepted.accept(new WorkerLink(ids.incrementAndGet(), c));
                } catch (IOException e) {
                    if (!closed) {
                        LOG.warn("accepting a worker's connection failed: {}", e.getMessage());
                    }
                }
            }
        }, "agent-accept");
        t.setDaemon(true);
        t.start();
    }

    /** The connecting process's user; null where the platform does not tell (the socket's 0600 still guards it). */
    private static String peerUser(SocketChannel c) {
        try {
            UnixDomainPrincipal p = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p.user().getName();
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("cannot remove {}", path, e);
        }
    }
}
