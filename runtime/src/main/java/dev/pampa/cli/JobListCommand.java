package dev.pampa.cli;

import dev.pampa.report.JobProgress;
import dev.pampa.store.Database;
import dev.pampa.store.StatusReport;
import dev.pampa.store.StatusReport.JobStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the stored jobs with their live task counts.")
final class JobListCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Database d = db.connect("job list")) {
            List<JobStatus> jobs = new StatusReport(d.dsl()).jobs();
            if (jobs.isEmpty()) {
                out.println("no job is stored yet: store one with java -jar pampa-runtime.jar job apply FILE.yaml");
                out.flush();
                return ExitCode.OK;
            }
            // the column only when a job recurs: the others have nothing to put in it
            boolean recurring = jobs.stream().anyMatch(j -> j.schedule() != null);
            List<String> headers = new java.util.ArrayList<>(List.of("NAME", "TABLE", "PROCESSOR", "QUEUE_SIZE", "PAUSED",
                    "PENDING", "QUEUED", "RUNNING", "DONE", "DEAD"));
            if (recurring) {
                headers.add("NEXT_FIRING");
            }
            TextTable table = new TextTable(headers.toArray(String[]::new));
            for (JobStatus j : jobs) {
                JobProgress c = j.counts();
                List<Object> cells = new java.util.ArrayList<>(java.util.Arrays.asList(j.name(), j.table(), j.processor(), j.queueSize(), j.paused() ? "yes" : "no",
                        c == null ? null : c.pending(), c == null ? null : c.queued(), c == null ? null : c.running(),
                        c == null ? null : c.done(), c == null ? null : c.dead()));
                if (recurring) {
                    cells.add(j.nextFiringText());
                }
                table.row(cells.toArray());
            }
            table.print(out);
            jobs.stream().filter(j -> j.countsProblem() != null)
                    .forEach(j -> out.println("note: " + j.name() + ": " + j.countsProblem()));
            out.flush();
            return ExitCode.OK;
        }
    }
}
