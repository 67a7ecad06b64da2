package dev.pampa.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pampa.report.DispatcherState;
import dev.pampa.report.JobProgress;
import dev.pampa.store.Database;
import dev.pampa.store.StatusReport;
import dev.pampa.store.StatusReport.JobStatus;
import dev.pampa.store.StatusReport.WorkerStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows each job's task counts and throughput, the workers, and the dispatcher lease.")
final class StatusCommand implements Callable<Integer> {
    /** Created on first use: picocli instantiates every command at start-up, and a worker has no use for Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Option(names = "--json", description = "Print JSON on stdout instead of tables (field names are snake_case; unknown values are null).")
    boolean json;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        List<JobStatus> jobs;
        List<WorkerStatus> workers;
        DispatcherState lease;
        List<StatusReport.LowDisk> lowDisks;
        try (Database d = db.connect("status")) {
            StatusReport report = new StatusReport(d.dsl());
            jobs = report.jobs();
            workers = report.workers();
            lease = report.lease();
            lowDisks = report.lowDisks();
        }
        if (json) {
            ObjectNode root = toJson(jobs, workers, lease);
            ArrayNode disks = root.putArray("disk_low");
            for (StatusReport.LowDisk l : lowDisks) {
                disks.addObject().put("node", l.node()).put("free_mb", l.freeMb()).put("min_free_mb", l.minFreeMb());
            }
            out.println(Json.MAPPER.writeValueAsString(root));
        } else {
            printTables(out, jobs, workers, lease);
            lowDisks.forEach(l -> out.println("node " + l.node() + ": " + l.describe()));
        }
        out.flush();
        return ExitCode.OK;
    }

    private static ObjectNode toJson(List<JobStatus> jobs, List<WorkerStatus> workers, DispatcherState lease) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode jobArray = root.putArray("jobs");
        for (JobStatus j : jobs) {
            ObjectNode n = jobArray.addObject();
            n.put("name", j.name());
            n.put("table", j.table());
            n.put("paused", j.paused());
            JobProgress c = j.counts();
            n.put("pending", c == null ? null : c.pending());
            n.put("queued", c == null ? null : c.queued());
            n.put("running", c == null ? null : c.running());
            n.put("done", c == null ? null : c.done());
            n.put("dead", c == null ? null : c.dead());
            n.put("cancelled", c == null ? null : c.cancelled());
            n.put("retrying", c == null ? null : c.retrying());
            n.put("done_per_second", j.donePerSecond());
            n.put("problem", j.countsProblem());
            n.put("schedule", j.schedule());
            n.put("next_firing_at", j.nextFiringAt() == null ? null : j.nextFiringAt().toInstant().toString());
            ObjectNode figures = n.putObject("figures");
            j.figures().forEach(figures::put);
        }
        ArrayNode workerArray = root.putArray("workers");
        for (WorkerStatus w : workers) {
            ObjectNode n = workerArray.addObject();
            n.put("name", w.name());
            n.put("node", w.node());
            n.put("host", w.host());
            n.put("pid", w.pid());
            n.put("state", w.state());
            n.put("heartbeat_age_seconds", round(w.heartbeatAgeSeconds()));
            n.put("current_job", w.currentJob());
            n.put("current_task", w.currentTask());
            n.put("done", w.done());
            n.put("failed", w.failed());
        }
        ObjectNode d = root.putObject("dispatcher");
        d.put("holder", lease.holder());
        d.put("node", lease.node());
        d.put("pid", lease.pid());
        d.put("expires_in_seconds", round(lease.expiresInSeconds()));
        d.put("last_round_ms", lease.lastRoundMs());
        d.put("last_round_age_seconds", round(lease.lastRoundAgeSeconds()));
        return root;
    }

    /** Milliseconds are enough for ages, and keep the output free of clock noise. */
    private static Double round(Double seconds) {
        return seconds == null ? null : Math.round(seconds * 1000) / 1000.0;
    }

    private static void printTables(PrintWriter out, List<JobStatus> jobs, List<WorkerStatus> workers, DispatcherState lease) {
        if (jobs.isEmpty()) {
            out.println("no job is stored yet: store one with java -jar pampa-runtime.jar job apply FILE.yaml");
        } else {
            // the column only when a job recurs: the others have nothing to put in it
            boolean recurring = jobs.stream().anyMatch(j -> j.schedule() != null);
            List<String> headers = new java.util.ArrayList<>(List.of("JOB", "PAUSED", "PENDING", "QUEUED", "RUNNING", "DONE", "DEAD", "CANCELLED", "RETRYING", "DONE/S"));
            if (recurring) {
                headers.add("NEXT_FIRING");
            }
            TextTable t = new TextTable(headers.toArray(String[]::new));
            for (JobStatus j : jobs) {
                JobProgress c = j.counts();
                List<Object> cells = new java.util.ArrayList<>(java.util.Arrays.asList(j.name(), j.paused() ? "yes" : "no", c == null ? null : c.pending(), c == null ? null : c.queued(),
                        c == null ? null : c.running(), c == null ? null : c.done(), c == null ? null : c.dead(),
                        c == null ? null : c.cancelled(), c == null ? null : c.retrying(), j.donePerSecond() == null ? null : String.format(Locale.ROOT, "%.1f", j.donePerSecond())));
                if (recurring) {
                    cells.add(j.nextFiringText());
                }
                t.row(cells.toArray());
            }
            t.print(out);
            jobs.stream().filter(j -> !j.figures().isEmpty()).forEach(j -> out.println("figures of " + j.name() + ": " + j.figuresText()));
            jobs.stream().filter(j -> j.countsProblem() != null)
                    .forEach(j -> out.println("note: " + j.name() + ": " + j.countsProblem()));
        }
        out.println();
        if (workers.isEmpty()) {
            out.println("no worker has registered yet");
        } else {
            TextTable t = new TextTable("WORKER", "NODE", "STATE", "HEARTBEAT", "JOB", "TASK", "DONE", "FAILED");
            for (WorkerStatus w : workers) {
                t.row(w.name(), w.node(), w.state(), age(w.heartbeatAgeSeconds()) + " ago", w.currentJob(), w.currentTask(), w.done(), w.failed());
            }
            t.print(out);
        }
        out.println();
        out.println(describe(lease));
    }

    static String describe(DispatcherState lease) {
        if (lease.holder() == null) {
            return "dispatcher: none leading (no lease held)";
        }
        String who = lease.holder() + (lease.node() == null ? "" : " on " + lease.node()) + (lease.pid() == null ? "" : " (pid " + lease.pid() + ")");
        String round = lease.lastRoundMs() == null ? "no round yet"
                : String.format(Locale.ROOT, "last round %.1f ms, %s ago", lease.lastRoundMs(), age(lease.lastRoundAgeSeconds()));
        if (lease.expiresInSeconds() == null || lease.expiresInSeconds() < 0) {
            return "dispatcher: none leading — the lease of " + who
                    + (lease.expiresInSeconds() == null ? " has no expiry" : " expired " + age(-lease.expiresInSeconds()) + " ago") + "; " + round;
        }
        return "dispatcher: " + who + ", lease expires in " + age(lease.expiresInSeconds()) + "; " + round;
    }

    /** 42s, 3m05s, 2h07m: wide enough to tell a fresh heartbeat from a stale one at a glance. */
    static String age(Double seconds) {
        if (seconds == null) {
            return "-";
        }
        long s = Math.max(0, Math.round(seconds));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
