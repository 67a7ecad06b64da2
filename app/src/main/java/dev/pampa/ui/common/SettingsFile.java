package dev.pampa.ui.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The operator's cockpit settings ({@code ~/.pampa/cockpit.properties}) read and changed one key at a
 * time, keeping the others: the database choice and the look share the file.
 */
public final class SettingsFile {
    private SettingsFile() {
    }

    /** What the file says; empty when there is no file or it cannot be read (a setting then takes its default). */
    public static Properties read(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                return new Properties();
            }
        }
        return p;
    }

    /** Sets {@code key}; the file is replaced whole, so a crash leaves the old one. */
    public static void put(Path file, String key, String value) {
        update(file, p -> p.setProperty(key, value));
    }

    /** Changes the settings as {@code change} says, keeping every other; the file is replaced whole, so a crash leaves the old one. */
    public static void update(Path file, java.util.function.Consumer<Properties> change) {
        Properties p = read(file);
        change.accept(p);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                p.store(out, "Pampa cockpit: its database and look (no password is kept here)");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cockpit's settings " + file + " — check the directory's permissions", e);
        }
    }
}
