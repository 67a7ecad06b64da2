package dev.pampa.ui.testing;

import dev.pampa.control.database.EmbeddedDefault;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.node.NodeConnections;
import dev.pampa.control.ssh.SshSession;
import dev.pampa.ui.main.CockpitStartup;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** A cockpit's start-up confined to a test's directory: its own embedded database, port, key and known hosts. */
public final class CockpitFixture {
    private CockpitFixture() {
    }

    public static CockpitStartup startupIn(Path dir) throws IOException {
        return new CockpitStartup(new EmbeddedDefault.Location(dir.resolve("db"), freePort(), dir.resolve("logs")),
                dir.resolve("cockpit.properties"),
                new NodeConnections.Settings(dir.resolve("operator_key"),
                        new HostKeyTrust(dir.resolve("known_hosts"), dir.resolve("user_known_hosts"), false),
                        SshSession.Timeouts.defaults()));
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
