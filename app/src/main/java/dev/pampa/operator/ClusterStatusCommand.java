package dev.pampa.operator;

import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.shell.NodeResult;
import dev.pampa.control.node.ProcessName;
import dev.pampa.control.node.ProcessStatus;
import dev.pampa.model.NodeSpec;
import dev.pampa.report.ResourceUsage;
import dev.pampa.report.WorkersView;
import dev.pampa.store.monitor.WorkerStates;
import dev.pampa.store.Database;
import dev.pampa.store.StatusReport;
import dev.pampa.store.WorkerRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pampa status}: the processes Pampa started on each node, reconciled with the workers'
 * heartbeats in the database, with what each node's agent last measured of its workers and itself
 * (CPU, resident memory, disk and network rates). A node that cannot be reached is one line and does
 * not hide the others.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows every node's workers and dispatcher: running, starting (process up, no heartbeat yet), stopped,",
                "dead (process gone, heartbeat stale), orphan (heartbeat fresh, no process we started), or the node unreachable.",
                "CPU (% of one core), RSS, DISK (read, write) and NET are what the node's agent measured with its last heartbeat;",
                "NET is the traffic of the process's network namespace (by default the whole node's), as Linux counts it per interface."})
final class ClusterStatusCommand implements Callable<Integer> {
    /** Created on first use: picocli makes every command at start-up, and only --json needs Jackson's 400 classes. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
    static final Duration TIMEOUT_PER_NODE = Duration.ofSeconds(30);

    @Option(names = "--json", description = "A JSON array, one object per process (or unreachable node).")
    boolean json;

    @Option(names = "--stale-seconds", paramLabel = "S", defaultValue = "15",
            description = "A heartbeat older than this is stale. Default: ${DEFAULT-VALUE}.")
    int staleSeconds;

    @Mixin
    DbOptions db;

    @Mixin
    OperatorOptions operator;

    @Mixin
    ParallelOption parallel;

    @Spec
    CommandSpec spec;

    /** One line of the status: a process on a node, or a node that could not be asked. */
    record Row(String node, String process, String state, String pid, String note, ResourceUsage usage) {
        Row(String node, String process, String state, String pid, String note) {
            this(node, process, state, pid, note, ResourceUsage.NONE);
        }

        Row measured(Map<String, ResourceUsage> usage) {
            ResourceUsage u = usage.get(process().equals(ProcessName.AGENT.value()) ? node() + "/agent" : process());
            return u == null ? this : new Row(node, process, state, pid, note, u);
        }
    }

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        List<NodeSpec> nodes;
        Set<String> heartbeating;
        Map<String, ResourceUsage> usage;
        List<StatusReport.LowDisk> lowDisks;
        List<StatusReport.JobStatus> jobNotes;
        try (Database d = db.connect("status")) {
            nodes = NodeFailures.all(d);
            heartbeating = new HashSet<>(new WorkerRegistry(d.dsl()).live(staleSeconds));
            usage = measured(new WorkerStates(d.dsl()).read(staleSeconds));
            lowDisks = new StatusReport(d.dsl()).lowDisks();
            jobNotes = new StatusReport(d.dsl()).schedulesAndFigures();
        }
        // text: each node's lines as it answers; JSON: one array in the nodes' order, once every node has
        Map<String, NodeSpec> byName = new HashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        StreamingTable table = json ? null : new StreamingTable(out, "NODE", widest(nodes, NodeSpec::name, 1),
                "PROCESS", widest(nodes, n -> n.name() + "." + n.maxWorkers(), ProcessName.DISPATCHER.value().length()),
                "STATE", "unreachable".length(), "PID", 7, "CPU", 6, "RSS", 8, "DISK", 17, "NET", 17, "NOTE", 0);
        Consumer<Row> print = raw -> {
            Row r = raw.process() == null ? raw : raw.measured(usage);
            if (table != null) {
                table.row(r.node(), r.process(), r.state(), r.pid(), shown(r.usage().cpuPercent(), r.usage().cpuText()),
                        shown(r.usage().rssKb(), r.usage().rssText()), shown(r.usage().diskReadBps(), r.usage().diskText()),
                        shown(r.usage().netRxBps(), r.usage().netText()), r.note());
            } else {
                rows.add(r);
            }
        };
        List<NodeResult<ProcessStatus>> results;
        try (NodeOperations operations = operator.nodeOperations()) {
            results = operations.forEachNode(nodes, parallel.forNodes(nodes.size()), TIMEOUT_PER_NODE, operations::status, result -> {
                if (table != null) {
                    rows(byName.get(result.node()), result, heartbeating, seen).forEach(print);
                }
            });
        }
        if (table == null) {
            for (int i = 0; i < nodes.size(); i++) {
                rows(nodes.get(i), results.get(i), heartbeating, seen).forEach(print);
            }
        }
        for (StatusReport.LowDisk l : lowDisks) {
            print.accept(new Row(l.node(), ProcessName.AGENT.value(), "disk low", null, l.describe()));
        }
        for (String worker : new TreeSet<>(heartbeating)) {
            if (!seen.contains(worker)) {
                int dot = worker.lastIndexOf('.');
                print.accept(new Row(dot < 0 ? "?" : worker.substring(0, dot), worker, "orphan", null, "heartbeat fresh, its node is not stored"));
            }
        }
        if (json) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (Row r : rows) {
                ObjectNode o = array.addObject();
                o.put("node", r.node());
                o.put("process", r.process());
                o.put("state", r.state());
                o.put("pid", r.pid());
                o.put("note", r.note());
                ResourceUsage u = r.usage();
                if (u.cpuPercent() != null) {
                    o.put("cpu_percent", Math.round(u.cpuPercent() * 10) / 10.0);
                }
                o.put("rss_kb", u.rssKb());
                o.put("disk_read_bps", u.diskReadBps());
                o.put("disk_write_bps", u.diskWriteBps());
                o.put("net_rx_bps", u.netRxBps());
                o.put("net_tx_bps", u.netTxBps());
                o.put("net_scope", u.netScope());
            }
            out.println(Json.MAPPER.writeValueAsString(array));
        } else {
            printJobNotes(out, jobNotes);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static int widest(List<NodeSpec> nodes, java.util.function.Function<NodeSpec, String> text, int atLeast) {
        return nodes.stream().map(text).mapToInt(String::length).reduce(atLeast, Math::max);
    }

    /** Measures by worker name, and by NODE/agent for a node's agent; only of live processes. */
    static Map<String, ResourceUsage> measured(WorkersView view) {
        Map<String, ResourceUsage> out = new HashMap<>();
        for (WorkersView.NodeWorkers n : view.nodes()) {
            if (n.agent() != null) {
                out.put(n.node() + "/agent", n.agent().usage());
            }
            n.workers().forEach(w -> out.put(w.name(), w.usage()));
        }
        return out;
    }

    private static String shown(Object figure, String text) {
        return figure == null ? null : text;
        }

    /** Recurring jobs' next firings and reporting jobs' latest figures, one line per job. */
    static void printJobNotes(PrintWriter out, List<StatusReport.JobStatus> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        out.println();
        for (StatusReport.JobStatus j : jobs) {
            StringBuilder line = new StringBuilder("job ").append(j.name()).append(':');
            if (j.schedule() != null) {
                line.append(" schedule '").append(j.schedule()).append("', next firing ").append(j.nextFiringText());
            }
            if (!j.figures().isEmpty()) {
                line.append(j.schedule() != null ? ";" : "").append(" figures ").append(j.figuresText());
            } else if (j.schedule() == null) {
                line.append(" no figures yet");
            }
            out.println(line);
        }
    }

    static List<Row> rows(NodeSpec node, NodeResult<ProcessStatus> result, Set<String> heartbeating, Set<String> seen) {
        List<Row> rows = new ArrayList<>();
        if (!result.ok()) {
            rows.add(new Row(node.name(), null, "unreachable", null, result.problem().toString()));
            heartbeating.stream().filter(w -> w.startsWith(node.name() + ".")).forEach(seen::add);
            return rows;
        }
        ProcessStatus status = result.value();
        Set<String> workers = new TreeSet<>(ClusterStatusCommand::byNumber);
        workers.addAll(ProcessName.workerNames(node));
        status.running().stream().map(ProcessStatus.PidFile::process).filter(ClusterStatusCommand::isWorker).forEach(workers::add);
        status.stale().stream().map(ProcessStatus.PidFile::process).filter(ClusterStatusCommand::isWorker).forEach(workers::add);
        heartbeating.stream().filter(w -> w.startsWith(node.name() + ".")).forEach(workers::add);
        for (ProcessName other : List.of(ProcessName.DISPATCHER, ProcessName.AGENT)) {
            pidFile(status.running(), other.value()).ifPresent(p -> rows.add(new Row(node.name(), other.value(), "running", p, null)));
            pidFile(status.stale(), other.value()).ifPresent(p -> rows.add(new Row(node.name(), other.value(), "dead", p, "process gone")));
        }
        for (String worker : workers) {
            seen.add(worker);
            String running = pidFile(status.running(), worker).orElse(null);
            boolean fresh = heartbeating.contains(worker);
            if (running != null) {
                rows.add(new Row(node.name(), worker, fresh ? "running" : "starting", running, fresh ? null : "no heartbeat yet"));
            } else if (fresh) {
                rows.add(new Row(node.name(), worker, "orphan", null, "heartbeat fresh, but no process Pampa started on the node"));
            } else {
                String gone = pidFile(status.stale(), worker).orElse(null);
                rows.add(gone != null ? new Row(node.name(), worker, "dead", gone, "process gone, heartbeat stale")
                        : new Row(node.name(), worker, "stopped", null, null));
            }
        }
        return rows;
    }

    private static boolean isWorker(String process) {
        return !process.equals(ProcessName.DISPATCHER.value()) && !process.equals(ProcessName.AGENT.value());
    }

    private static java.util.Optional<String> pidFile(List<ProcessStatus.PidFile> files, String process) {
        return files.stream().filter(f -> f.process().equals(process)).map(ProcessStatus.PidFile::pid).findFirst();
    }

    /** n01.2 before n01.10. */
    private static int byNumber(String a, String b) {
        int da = a.lastIndexOf('.');
        int db = b.lastIndexOf('.');
        int byNode = a.substring(0, Math.max(da, 0)).compareTo(b.substring(0, Math.max(db, 0)));
        if (byNode != 0) {
            return byNode;
        }
        try {
            return Integer.compare(Integer.parseInt(a.substring(da + 1)), Integer.parseInt(b.substring(db + 1)));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
