package dev.pampa.cli;

import picocli.CommandLine.Parameters;

/** The job and the key that name one task, as every {@code task} command takes them. */
final class TaskKey {
    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name.")
    String job;

    @Parameters(index = "1", paramLabel = "KEY", description = "The task's key (its primary key value).")
    String key;
}
