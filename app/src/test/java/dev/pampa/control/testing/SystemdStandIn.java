package dev.pampa.control.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Programs standing in for a node's {@code systemd-run} and {@code loginctl}, for a directory put first
 * on the node's PATH: this machine's own systemd has no user instance. The stand-in systemd-run records
 * its arguments, one call a line with each argument followed by '|', and execs the command after its
 * options, as a scope's does.
 */
public final class SystemdStandIn {
    private final Path bin;
    private final Path calls;

    private SystemdStandIn(Path bin, Path calls) {
        this.bin = bin;
        this.calls = calls;
    }

    /**
     * A systemd-run whose system manager refuses (as on a machine not booted with systemd).
     *
     * @param systemdRunStatus 0 for a {@code systemd-run --user} that runs the command, else the status it fails with
     * @param linger           what loginctl says of the user's lingering: yes or no
     */
    public static SystemdStandIn install(Path bin, Path calls, int systemdRunStatus, String linger) throws IOException {
        return install(bin, calls, systemdRunStatus, 1, linger);
    }

    /** @param systemStatus the same as {@code userStatus} for a systemd-run without {@code --user}: the system manager, used by root */
    public static SystemdStandIn install(Path bin, Path calls, int userStatus, int systemStatus, String linger) throws IOException {
        Files.createDirectories(bin);
        script(bin.resolve("systemd-run"), "#!/bin/sh\n"
                + "for a in \"$@\"; do printf '%s|' \"$a\"; done >> '" + calls + "'; echo >> '" + calls + "'\n"
                + "case \"$1\" in --user) status=" + userStatus + " ;; *) status=" + systemStatus + " ;; esac\n"
                + "if [ $status -ne 0 ]; then echo 'Failed to connect to bus: No medium found' >&2; exit $status; fi\n"
                + "while [ $# -gt 0 ]; do\n"
                + "  case \"$1\" in --) shift; break ;; -p) shift 2 ;; -*) shift ;; *) break ;; esac\n"
                + "done\n"
                + "exec \"$@\"\n");
        script(bin.resolve("loginctl"), "#!/bin/sh\necho " + linger + "\n");
        return new SystemdStandIn(bin, calls);
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public Path bin() {
        return bin;
    }

    /** Every call of systemd-run so far, in order: the launcher's check, then the launches. */
    public List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }
}
