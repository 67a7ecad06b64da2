package dev.pampa.cli;

import dev.pampa.work.AgentModeWorker;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs a worker served by its node's agent. Apart from {@link WorkerCommand} so that a worker in this
 * mode never loads the classes of the direct mode's database code (the pool, the driver, jOOQ).
 */
final class AgentModeLauncher {
    private AgentModeLauncher() {
    }

    static int run(String name, Path socket, Path jobsDir, StopSignal stop, DbOptions db) {
        try {
            AgentModeWorker w = new AgentModeWorker(name, socket, JobsPath.of(JobsPath.resolveDirectory(jobsDir)), stop, db::url);
            AgentModeWorker.Ending end = w.run();
            if (end == AgentModeWorker.Ending.AGENT_GONE) {
                throw new CliFailure(ExitCode.FAILURE, "worker " + name + " stopped: its node's agent went away, so it could not report — "
                        + "the dispatcher takes its tasks back; start the agent, then the worker");
            }
            if (end == AgentModeWorker.Ending.RESTART_WANTED) {
                throw new CliFailure(ExitCode.RESTART_WANTED, "worker " + name + " stopped to be restarted: " + w.restartReason()
                        + " — its tasks were handed back; the node's agent restarts it when it supervises the node's workers");
            }
            return ExitCode.OK;
        } catch (AgentModeWorker.RefusedException e) {
            throw new CliFailure(ExitCode.FAILURE, e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.FAILURE, "worker " + name + ": " + e.getMessage());
        }
    }
}
