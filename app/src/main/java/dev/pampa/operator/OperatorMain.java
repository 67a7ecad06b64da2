package dev.pampa.operator;

import dev.pampa.cli.ExitCode;
import dev.pampa.control.database.OwnerOnly;
import dev.pampa.cli.JobCommand;
import dev.pampa.cli.MigrateCommand;
import dev.pampa.cli.RuntimeMain;
import picocli.CommandLine.Command;

/**
 * {@code pampa}: with no command, the cockpit (the desktop app); with one, the operator's command line:
 * nodes, deploys, workers and the dispatcher on them, and their status.
 */
@Command(name = "pampa", mixinStandardHelpOptions = true, versionProvider = OperatorVersion.class,
        description = {"Pampa, operator side. With no command, opens the cockpit (needs a display).", ""},
        subcommands = {DemoCommand.class, EmbeddedDatabaseCommand.class, MigrateCommand.class, JobCommand.class, dev.pampa.cli.TaskCommand.class, NodeCommand.class, WorkersCommand.class, DispatcherControlCommand.class, ClusterStatusCommand.class, NewJobCommand.class, ImportCommand.class})
public final class OperatorMain {
    public static void main(String[] args) {
        secureOperatorDirectories();
        if (args.length == 0) {
            if (!CockpitDisplay.available()) {
                System.err.println("pampa: no display to open the cockpit on (DISPLAY and WAYLAND_DISPLAY are unset)"
                        + " — run it in a desktop session, or give a command: pampa --help");
                System.exit(ExitCode.USAGE);
            }
            dev.pampa.ui.CockpitLauncher.main(args);
            return;
        }
        System.exit(RuntimeMain.commandLine(new OperatorMain()).execute(args));
    }

    /**
     * {@code ~/.pampa} (and {@code $PAMPA_HOME}) hold the operator's key, the embedded database and its
     * password: created 0700 before anything writes there, and tightened if an older version left it open.
     */
    static void secureOperatorDirectories() {
        java.util.List<java.nio.file.Path> dirs = new java.util.ArrayList<>();
        dirs.add(java.nio.file.Path.of(System.getProperty("user.home"), ".pampa"));
        String env = System.getenv("PAMPA_HOME");
        if (env != null && !env.isBlank()) {
            dirs.add(java.nio.file.Path.of(env));
        }
        for (java.nio.file.Path dir : dirs) {
            try {
                OwnerOnly.directory(dir);
            } catch (java.io.IOException e) {
                // a command that needs the directory says why it cannot use it; --help and --version do not
            }
        }
    }

    /** Linux and the BSDs need an X or Wayland display; macOS and Windows always have one. */
    static final class CockpitDisplay {
        private CockpitDisplay() {
        }

        static boolean available() {
            String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
            if (os.contains("mac") || os.contains("win")) {
                return true;
            }
            return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
        }
    }
}
