package dev.pampa.cli;

import dev.pampa.jobs.TaskOperations;
import dev.pampa.jobs.UnknownJobException;
import dev.pampa.store.Database;
import java.io.PrintWriter;
import java.util.function.Function;

/** What the task commands share: one connection, the facade, its sentence printed, and the exit code. */
final class TaskAction {
    private TaskAction() {
    }

    /** Exit code when the action did nothing: the task is in a state that does not allow it, or there is no such task. */
    static final int NOT_DONE = ExitCode.FAILURE;

    static int run(DbOptions db, String what, PrintWriter out, Function<TaskOperations, TaskOperations.Outcome> action) {
        try (Database d = db.connect(what)) {
            TaskOperations.Outcome o = action.apply(new TaskOperations(d));
            out.println(o.message());
            out.flush();
            return o.acted() ? ExitCode.OK : NOT_DONE;
        } catch (UnknownJobException e) {
            throw new CliFailure(ExitCode.UNKNOWN_JOB, e.getMessage());
        }
    }
}
