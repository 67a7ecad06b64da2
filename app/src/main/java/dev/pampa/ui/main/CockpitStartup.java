package dev.pampa.ui.main;

import dev.pampa.control.database.EmbeddedDefault;
import dev.pampa.control.node.NodeConnections;
import java.nio.file.Path;

/**
 * Where the cockpit finds its database and the operator's SSH identity: the operator's own
 * ({@code ~/.pampa}) when run for real, a temporary directory in tests.
 *
 * @param embedded     the embedded default's data directory, port and logs
 * @param settingsFile the saved choice of an external database (no password in it)
 * @param ssh          the operator's key and known hosts
 */
public record CockpitStartup(EmbeddedDefault.Location embedded, Path settingsFile, NodeConnections.Settings ssh) {

    public static CockpitStartup forOperator() {
        return new CockpitStartup(EmbeddedDefault.Location.forOperator(),
                Path.of(System.getProperty("user.home"), ".pampa", "cockpit.properties"), NodeConnections.Settings.forOperator());
    }
}
