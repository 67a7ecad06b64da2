package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.database.EmbeddedDatabase;
import dev.pampa.control.database.EmbeddedDefault;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pampa db start|stop|status}: the embedded database the cockpit uses by default, run from the
 * command line. While it runs, the operator's commands use it when given no --db.
 */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = {"The embedded PostgreSQL under ~/.pampa that the cockpit uses by default.",
            "While it runs, commands given no --db and no PAMPA_DB use it."},
        subcommands = {EmbeddedDatabaseCommand.Start.class, EmbeddedDatabaseCommand.Stop.class, EmbeddedDatabaseCommand.Status.class})
final class EmbeddedDatabaseCommand {
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts it (or finds it running), migrates it and adds the sample job and the local node if missing; it keeps running after this command.")
    static final class Start implements Callable<Integer> {
        @picocli.CommandLine.Option(names = "--port", paramLabel = "PORT",
                description = "Its port on localhost, when it is not running yet. Default: ${DEFAULT-VALUE}.")
        int port = EmbeddedDatabase.DEFAULT_PORT;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                EmbeddedDefault.Location operator = EmbeddedDefault.Location.forOperator();
                EmbeddedDefault.Location where = new EmbeddedDefault.Location(operator.dataDirectory(), port, operator.logs());
                String description = EmbeddedDefault.startDetached(where, step -> {
                    out.println(step);
                    out.flush();
                });
                out.println("running: " + description + "; stop it with: pampa db stop");
            } catch (EmbeddedDatabase.StartFailure e) {
                throw new CliFailure(ExitCode.DB_UNAVAILABLE, e.getMessage());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops it (fast shutdown: open sessions are cut, committed data is kept). Stop the local workers first.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                boolean stopped = EmbeddedDatabase.stopRunning(EmbeddedDefault.Location.forOperator().dataDirectory(), STOP_WAIT);
                out.println(stopped ? "stopped the embedded database" : "the embedded database was not running");
            } catch (EmbeddedDatabase.StartFailure e) {
                throw new CliFailure(ExitCode.FAILURE, e.getMessage());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Says whether it runs, and where.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            EmbeddedDefault.Location where = EmbeddedDefault.Location.forOperator();
            spec.commandLine().getOut().println(EmbeddedDefault.runningUrl(where)
                    .map(u -> "running: " + u.jdbcUrl() + " as " + u.user() + ", data in " + where.dataDirectory())
                    .orElse("not running (data in " + where.dataDirectory() + "); start it with: pampa db start"));
            return ExitCode.OK;
        }
    }
}
