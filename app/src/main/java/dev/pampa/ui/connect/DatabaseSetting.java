package dev.pampa.ui.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The cockpit's choice of database, kept as properties in its settings file: the embedded default, or
 * an external PostgreSQL by JDBC URL and user. Never a password: it is asked for at start.
 *
 * @param jdbcUrl null for the embedded database
 */
public record DatabaseSetting(String jdbcUrl, String user) {
    static final String KIND = "database";
    static final String URL = "database.url";
    static final String USER = "database.user";

    public static final DatabaseSetting EMBEDDED = new DatabaseSetting(null, null);

    public boolean embedded() {
        return jdbcUrl == null;
    }

    /** What the file says; the embedded database when there is no file or it names none. */
    public static DatabaseSetting read(Path file) {
        if (!Files.isRegularFile(file)) {
            return EMBEDDED;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cockpit's settings " + file + " — check its permissions, or delete it to use the embedded database", e);
        }
        return "external".equals(p.getProperty(KIND)) && p.getProperty(URL) != null && !p.getProperty(URL).isBlank()
                ? new DatabaseSetting(p.getProperty(URL), Optional.ofNullable(p.getProperty(USER)).filter(u -> !u.isBlank()).orElse(null))
                : EMBEDDED;
    }

    /** Writes this choice into the file, keeping any other setting there; replaced whole, so a crash leaves the old file. */
    public void write(Path file) {
        dev.pampa.ui.common.SettingsFile.update(file, p -> {
            p.setProperty(KIND, embedded() ? "embedded" : "external");
            p.remove(URL);
            p.remove(USER);
            if (!embedded()) {
                p.setProperty(URL, jdbcUrl);
                if (user != null) {
                    p.setProperty(USER, user);
                }
            }
        });
    }

    @Override
    public String toString() {
        return embedded() ? "the embedded database" : jdbcUrl + (user == null ? "" : " as " + user);
    }
}
