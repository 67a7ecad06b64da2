package dev.pampa.ui.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether the desktop prefers a dark look, where it says so: GNOME's color-scheme (and a GTK theme
 * named dark), macOS's interface style, Windows' app mode. Asked once; an answer that cannot be read
 * counts as light.
 */
final class SystemTheme {
    private static volatile Boolean dark;

    private SystemTheme() {
    }

    static boolean prefersDark() {
        Boolean d = dark;
        if (d == null) {
            d = detect();
            dark = d;
        }
        return d;
    }

    private static boolean detect() {
        String gtkTheme = System.getenv("GTK_THEME");
        if (gtkTheme != null && gtkTheme.toLowerCase(Locale.ROOT).contains("dark")) {
            return true;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return output(List.of("defaults", "read", "-g", "AppleInterfaceStyle")).map(s -> s.contains("Dark")).orElse(false);
        }
        if (os.contains("win")) {
            return output(List.of("reg", "query", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize", "/v", "AppsUseLightTheme"))
                    .map(s -> s.contains("0x0")).orElse(false);
        }
        Optional<String> scheme = output(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"));
        if (scheme.isPresent() && scheme.get().contains("dark")) {
            return true;
        }
        if (scheme.isPresent() && scheme.get().contains("light")) {
            return false;
        }
        return output(List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme"))
                .map(s -> s.toLowerCase(Locale.ROOT).contains("dark")).orElse(false);
    }

    /** What the command printed, if it ran and ended well within a second. */
    private static Optional<String> output(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no such tool here: the desktop says nothing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
