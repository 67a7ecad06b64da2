package dev.pampa.cli;

import dev.pampa.model.InvalidSpecException;
import dev.pampa.store.DatabaseUnavailableException;
import dev.pampa.store.SchemaTooOldException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar pampa-runtime.jar}: the commands that run on nodes and set up the database. */
@Command(name = "pampa-runtime", mixinStandardHelpOptions = true, versionProvider = RuntimeVersion.class,
        description = "Pampa's headless runtime: schema, jobs, workers and the dispatcher.",
        subcommands = {MigrateCommand.class, JobCommand.class, TaskCommand.class, WorkerCommand.class, AgentCommand.class, DispatcherCommand.class, StatusCommand.class,
                ClassDataTrainingCommand.class})
public final class RuntimeMain {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine(new RuntimeMain()).execute(args);
    }

    /** A picocli command line with Pampa's error handling: one line on stderr, a distinct exit code. */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            Throwable e = ex;
            int code;
            String message;
            if (e instanceof CliFailure f) {
                code = f.exitCode();
                message = f.getMessage();
            } else if (e instanceof DatabaseUnavailableException) {
                code = ExitCode.DB_UNAVAILABLE;
                message = e.getMessage();
            } else if (e instanceof SchemaTooOldException) {
                code = ExitCode.SCHEMA_TOO_OLD;
                message = e.getMessage();
            } else if (e instanceof InvalidSpecException) {
                code = ExitCode.INVALID_JOB;
                message = e.getMessage();
            } else if (dev.pampa.store.Database.isTransient(e)) {
                code = ExitCode.DB_UNAVAILABLE;
                message = "lost the database connection: " + firstLine(e) + " — check that PostgreSQL runs, then retry";
            } else {
                code = ExitCode.FAILURE;
                message = e.getClass().getSimpleName() + ": " + firstLine(e);
                if (System.getenv("PAMPA_DEBUG") != null) {
                    e.printStackTrace();
                }
            }
            line.getErr().println("pampa: " + message);
            return code;
        });
        return cl;
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
