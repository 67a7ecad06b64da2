package dev.pampa.operator;

import dev.pampa.cli.ExitCode;
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
        subcommands = {DemoCommand.class, EmbeddedDatabaseCommand.class, MigrateCommand.class, JobCommand.class, NodeCommand.class, WorkersCommand.class, DispatcherControlCommand.class, ClusterStatusCommand.class})
public final class OperatorMain {
    public static void main(String[] args) {
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
