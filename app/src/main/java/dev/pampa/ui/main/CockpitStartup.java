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
 * @param environmentDb the database named by PAMPA_DB, as every command reads it (its password may be in
 *                      it; never written to the settings file), or null: then the settings file decides
 */
public record CockpitStartup(EmbeddedDefault.Location embedded, Path settingsFile, NodeConnections.Settings ssh, String environmentDb) {

    public CockpitStartup(EmbeddedDefault.Location embedded, Path settingsFile, NodeConnections.Settings ssh) {
        this(embedded, settingsFile, ssh, null);
    }

    public static CockpitStartup forOperator() {
        String fromEnvironment = System.getenv("PAMPA_DB");
        return new CockpitStartup(EmbeddedDefault.Location.forOperator(),
                Path.of(System.getProperty("user.home"), ".pampa", "cockpit.properties"), NodeConnections.Settings.forOperator(),
                fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.strip());
    }

    public CockpitStartup withEnvironmentDb(String url) {
        return new CockpitStartup(embedded, settingsFile, ssh, url);
    }
}
