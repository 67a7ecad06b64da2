package dev.pampa.bench;

import dev.pampa.agent.AgentSettings;
import dev.pampa.agent.ChannelStreams;
import dev.pampa.agent.Frames;
import dev.pampa.agent.Message;
import dev.pampa.agent.NodeAgent;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.JobStore;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node agent's figures, printed (issue 8): no-op tasks through one agent and 10 real worker
 * processes at several queue sizes, beside the set-based UPDATE of the same rows in the same run;
 * idle memory of a served worker and of the agent; and a scale run of 10, 100 and 1,000 workers on 1,
 * 10 and 100 nodes, with the agents several to this JVM and the workers simulated as threads that speak
 * the real protocol (a served worker issues no database statement, so every statement is real):
 * tasks/s, database connections (pg_stat_activity), the first level's round p50/p99, pending to started.
 *
 * <p>Run: see BENCHMARKS.md. Arguments: {@code --tasks=N} (default 100000), {@code --queue-sizes=5,50,500}, {@code --warm-up=N} (tasks run first by the same processes, untimed), {@code --only=throughput|memory|scale|takeback}; PAMPA_BENCH_PROFILE: JVM options for the throughput runs' agent and workers (e.g. a flight recording).
 */
public final class AgentBenchmark {
    private static final String NOOP = "dev.pampa.testing.NoopProcessor";
    private static int tasks = 100_000;
    private static Path logs;
    private static int runNo;
    private static int[] queueSizes = {5, 50, 500};
    /** Tasks run through the same agent and workers before the timed run, so that it times warm JVMs (0: a cold run). */
    private static int warmUp;
    /** JVM options (e.g. a flight recording) for the agent and the workers of the throughput runs, through JAVA_TOOL_OPTIONS. */
    private static String profileOptions = System.getenv("PAMPA_BENCH_PROFILE");

    public static void main(String[] args) throws Exception {
        String only = null;
        for (String arg : String.join(" ", args).trim().split("\\s+")) {
            if (arg.startsWith("--tasks=")) {
                tasks = Integer.parseInt(arg.substring("--tasks=".length()));
            } else if (arg.startsWith("--queue-sizes=")) {
                queueSizes = java.util.Arrays.stream(arg.substring("--queue-sizes=".length()).split(",")).mapToInt(Integer::parseInt).toArray();
            } else if (arg.startsWith("--warm-up=")) {
                warmUp = Integer.parseInt(arg.substring("--warm-up=".length()));
            } else if (arg.startsWith("--only=")) {
                only = arg.substring("--only=".length());
            } else if (!arg.isEmpty()) {
                throw new IllegalArgumentException("unknown argument " + arg + "; use --tasks=N, --queue-sizes=5,50,500, --warm-up=N, --only=throughput|memory|scale|takeback");
            }
        }
        logs = Files.createTempDirectory(Path.of("/tmp"), "pab");
        Locale.setDefault(Locale.ROOT);
        System.out.printf("Pampa node agent benchmark — %d cores, Java %s, %d tasks per run, logs in %s, load average at start %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), tasks, logs, Files.readString(Path.of("/proc/loadavg")).trim());
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "300")
                .start()) {
            if (only == null || only.equals("throughput")) {
                throughput(pg);
            }
            if (only == null || only.equals("memory")) {
                memory(pg);
            }
            if (only == null || only.equals("scale")) {
                scale(pg);
            }
            if (only == null || only.equals("takeback")) {
                takeBack(pg);
            }
        }
    }

    // ---- 10 real workers on one node ----

    private static void throughput(EmbeddedPostgres pg) throws Exception {
        DbUrl url = TestPostgres.freshDatabase(pg);
        try (Database db = Database.open(url, 4, "bench")) {
            db.migrate();
            System.out.printf("PostgreSQL %s, fsync=%s, synchronous_commit=%s%n",
                    TaskTables.string(db, "SHOW server_version"), TaskTables.string(db, "SHOW fsync"), TaskTables.string(db, "SHOW synchronous_commit"));
            double baseline = baseline(db);
            System.out.printf("%nbaseline: one set-based UPDATE of %d rows: %,.0f rows/s%n", tasks, baseline);
            System.out.println("\none agent, 10 worker processes, one dispatcher, each with the lean JVM options the operator's start uses; no-op tasks"
                    + (warmUp > 0 ? String.format(", timed after %,d tasks of warm-up by the same processes:", warmUp) : ", cold processes:"));
            System.out.printf("%-11s %12s %14s %12s%n", "queue_size", "tasks/s", "of baseline", "connections");
            for (int q : queueSizes) {
                double[] r = realRun(url, db, 10, q);
                System.out.printf("%-11d %,12.0f %13.1f%% %12.0f%n", q, r[0], 100 * r[0] / baseline, r[1]);
            }
        }
    }

    private static double baseline(Database db) {
        TaskTables.create(db, "baseline", tasks);
        TaskTables.execute(db, "VACUUM ANALYZE baseline");
        long t0 = System.nanoTime();
        TaskTables.execute(db, "UPDATE baseline SET pampa_reservation_id = 'x', pampa_start_time = now(), pampa_end_time = now(), pampa_success = true, pampa_reservation_times = 1");
        double s = (System.nanoTime() - t0) / 1e9;
        TaskTables.execute(db, "DROP TABLE baseline");
        return tasks / s;
    }

    /** tasks/s and the database connections seen mid-run (all of them: agent, dispatcher, this program's pool). */
    private static double[] realRun(DbUrl url, Database db, int workers, int queueSize) throws Exception {
        String table = "e2e" + (++runNo);
        String node = "b" + runNo;
        TaskTables.create(db, table, tasks);
        TaskTables.execute(db, "VACUUM ANALYZE " + table);
        String job = "bench" + runNo;
        TaskTables.job(db, job, table, NOOP, "queue_size: " + queueSize);
        new JobStore(db.dsl()).setPaused(job, true);
        Path socket = logs.resolve(node + ".sock");
        // the agent and the dispatcher with the options the operator's start gives them (ProcessControl's), as the workers
        try (RuntimeProcesses infra = new RuntimeProcesses(RuntimeBenchmark.LEAN_WORKER_JVM); RuntimeProcesses lean = new RuntimeProcesses(RuntimeBenchmark.LEAN_WORKER_JVM)) {
            infra.startDispatcher(url, logs.resolve(table + "-dispatcher.log"));
            if (profileOptions != null) {
                infra.environment("JAVA_TOOL_OPTIONS", profileOptions);
                lean.environment("JAVA_TOOL_OPTIONS", profileOptions);
            }
            RuntimeProcess agent = infra.startAgent(url, node, socket, logs.resolve(table + "-agent.log"));
            agent.awaitLog("serves workers on", Duration.ofSeconds(60));
            List<Long> workerPids = new ArrayList<>();
            for (int i = 1; i <= workers; i++) {
                workerPids.add(lean.startServedWorker(url, node + "." + i, socket, logs.resolve(table + "-w" + i + ".log")).pid());
            }
            awaitLive(db, node, workers);
            if (warmUp > 0) {
                warmUp(db, queueSize);
            }
            Thread.sleep(2_500);
            List<Long> serverPids = TaskTables.longs(db, "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()");
            long agentTicks = ticks(List.of(agent.pid()));
            long workerTicks = ticks(workerPids);
            long serverTicks = ticks(serverPids);
            new JobStore(db.dsl()).setPaused(job, false);
            long limit = System.currentTimeMillis() + 900_000;
            double connections = 0;
            while (unfinished(db, table)) {
                if (System.currentTimeMillis() > limit) {
                    throw new IllegalStateException("run did not finish in 15 min; see " + logs);
                }
                connections = Math.max(connections, TaskTables.count(db, "datname = current_database()", "pg_stat_activity"));
                Thread.sleep(250);
            }
            double s = Double.parseDouble(TaskTables.string(db, "SELECT extract(epoch FROM max(pampa_end_time) - min(pampa_start_time)) FROM " + table));
            if (TaskTables.count(db, "pampa_success IS NOT TRUE OR pampa_reservation_times <> 1", table) > 0) {
                throw new IllegalStateException("a no-op task failed or ran twice; see " + logs);
            }
            // CPU per task by process kind (clock ticks of /proc/PID/stat), so the budget of a task is seen
            // where it goes; PostgreSQL's are the sessions that lived through the run (agent, dispatcher)
            agentTicks = ticks(List.of(agent.pid())) - agentTicks;
            workerTicks = ticks(workerPids) - workerTicks;
            serverTicks = ticks(serverPids) - serverTicks;
            System.out.printf("  (queue_size %d: CPU per task %.0f us in the agent, %.0f us in the %d workers, %.0f us in PostgreSQL's sessions)%n",
                    queueSize, agentTicks * 1e6 / 100 / tasks, workerTicks * 1e6 / 100 / tasks, workers, serverTicks * 1e6 / 100 / tasks);
            agent.terminate();
            agent.waitFor(Duration.ofSeconds(60));
            return new double[] {tasks / s, connections};
        } finally {
            TaskTables.execute(db, "DROP TABLE " + table);
            TaskTables.execute(db, "DROP TABLE IF EXISTS warm" + runNo);
            TaskTables.execute(db, "DELETE FROM pampa.job WHERE name IN ('" + job + "', 'warm" + runNo + "')");
        }
    }

    /**
     * Whether any task of the table is unfinished, read through the job's two partial indexes (pending,
     * reserved) rather than by counting the table: a count every 250 ms of 100,000 rows cost PostgreSQL
     * a tenth of a core, taken from the processes being timed.
     */
    private static boolean unfinished(Database db, String table) {
        return Boolean.parseBoolean(TaskTables.string(db, "SELECT (EXISTS (SELECT 1 FROM " + table + " WHERE pampa_reservation_id IS NULL AND pampa_end_time IS NULL)"
                + " OR EXISTS (SELECT 1 FROM " + table + " WHERE pampa_reservation_id IS NOT NULL AND pampa_end_time IS NULL))::text"));
    }

    /** Runs a job of {@code warmUp} no-op tasks to its end through the processes started, untimed. */
    private static void warmUp(Database db, int queueSize) throws InterruptedException {
        String table = "warm" + runNo;
        TaskTables.create(db, table, warmUp);
        TaskTables.execute(db, "VACUUM ANALYZE " + table);
        TaskTables.job(db, "warm" + runNo, table, NOOP, "queue_size: " + queueSize);
        long limit = System.currentTimeMillis() + 900_000;
        while (unfinished(db, table)) {
            if (System.currentTimeMillis() > limit) {
                throw new IllegalStateException("the warm-up did not finish in 15 min; see " + logs);
            }
            Thread.sleep(250);
        }
        new JobStore(db.dsl()).setPaused("warm" + runNo, true);
    }

    /** utime + stime of the processes, in clock ticks (100 a second); a process gone counts 0. */
    private static long ticks(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (java.io.IOException | RuntimeException e) {
                // exited
            }
        }
        return sum;
    }

    private static void awaitLive(Database db, String node, int workers) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (new WorkerRegistry(db.dsl()).live(10).stream().filter(n -> n.startsWith(node + ".")).count() < workers) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("workers did not register; see " + logs);
            }
            Thread.sleep(50);
        }
    }

    // ---- take-back times: a killed worker's tasks, a killed agent's node ----

    /**
     * Real processes with the default timings (agent heartbeat 2 s, first level's patience 10 s): how
     * long after kill -9 of a worker its unfinished tasks are pending again, and after kill -9 of the
     * agent, every task of its node. Five rounds each; median and maximum.
     */
    private static void takeBack(EmbeddedPostgres pg) throws Exception {
        DbUrl url = TestPostgres.freshDatabase(pg);
        try (Database db = Database.open(url, 4, "bench")) {
            db.migrate();
            System.out.println("\ntake-back after kill -9 (default timings; 2 workers, tasks of 20 ms, queue_size 20):");
            List<Double> workerSeconds = new ArrayList<>();
            List<Double> agentSeconds = new ArrayList<>();
            for (int round = 1; round <= 5; round++) {
                double[] r = takeBackRound(url, db);
                workerSeconds.add(r[0]);
                agentSeconds.add(r[1]);
            }
            Collections.sort(workerSeconds);
            Collections.sort(agentSeconds);
            System.out.printf("%-28s %10s %10s%n", "", "median s", "max s");
            System.out.printf("%-28s %10.2f %10.2f%n", "a worker's tasks back", workerSeconds.get(2), workerSeconds.get(4));
            System.out.printf("%-28s %10.2f %10.2f%n", "an agent's node's tasks back", agentSeconds.get(2), agentSeconds.get(4));
        }
    }

    private static double[] takeBackRound(DbUrl url, Database db) throws Exception {
        String table = "tb" + (++runNo);
        String node = "k" + runNo;
        TaskTables.create(db, table, 20_000);
        TaskTables.execute(db, "UPDATE " + table + " SET work_ms = 20");
        String job = "takeback" + runNo;
        TaskTables.job(db, job, table, "dev.pampa.testing.jobs.RecordingProcessor", "queue_size: 20");
        Path socket = logs.resolve(node + ".sock");
        // the agent and the dispatcher with the options the operator's start gives them (ProcessControl's), as the workers
        try (RuntimeProcesses infra = new RuntimeProcesses(RuntimeBenchmark.LEAN_WORKER_JVM); RuntimeProcesses lean = new RuntimeProcesses(RuntimeBenchmark.LEAN_WORKER_JVM)) {
            infra.startDispatcher(url, logs.resolve(table + "-dispatcher.log"));
            if (profileOptions != null) {
                infra.environment("JAVA_TOOL_OPTIONS", profileOptions);
                lean.environment("JAVA_TOOL_OPTIONS", profileOptions);
            }
            RuntimeProcess agent = infra.startAgent(url, node, socket, logs.resolve(table + "-agent.log"));
            agent.awaitLog("serves workers on", Duration.ofSeconds(60));
            RuntimeProcess w1 = lean.startServedWorker(url, node + ".1", socket, logs.resolve(table + "-w1.log"));
            lean.startServedWorker(url, node + ".2", socket, logs.resolve(table + "-w2.log"));
            awaitLive(db, node, 2);
            awaitHeld(db, table, "pampa_reservation_id = '" + node + ".1'");
            w1.kill9();
            double workerBack = secondsUntilNoneHeld(db, table, "pampa_reservation_id = '" + node + ".1'");
            awaitHeld(db, table, "pampa_reservation_id LIKE '" + node + ".%'");
            agent.kill9();
            double agentBack = secondsUntilNoneHeld(db, table, "pampa_reservation_id LIKE '" + node + ".%'");
            return new double[] {workerBack, agentBack};
        } finally {
            TaskTables.execute(db, "DROP TABLE " + table);
            TaskTables.execute(db, "DELETE FROM pampa.job WHERE name = '" + job + "'");
        }
    }

    private static void awaitHeld(Database db, String table, String held) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (TaskTables.count(db, held + " AND pampa_end_time IS NULL", table) == 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no task held (" + held + "); see " + logs);
            }
            Thread.sleep(20);
        }
    }

    private static double secondsUntilNoneHeld(Database db, String table, String held) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = System.currentTimeMillis() + 120_000;
        while (TaskTables.count(db, held + " AND pampa_end_time IS NULL", table) > 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("tasks still held after 120 s (" + held + "); see " + logs);
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---- memory ----

    private static void memory(EmbeddedPostgres pg) throws Exception {
        DbUrl url = TestPostgres.freshDatabase(pg);
        try (Database db = Database.open(url, 4, "bench")) {
            db.migrate();
            TaskTables.create(db, "idle", 0);
            TaskTables.job(db, "idle", "idle", NOOP);
            Path socket = logs.resolve("idle.sock");
            try (RuntimeProcesses infra = new RuntimeProcesses(RuntimeBenchmark.LEAN_WORKER_JVM);
                 RuntimeProcesses lean = new RuntimeProcesses(RuntimeBenchmark.LEAN_WORKER_JVM)) {
                RuntimeProcess agent = infra.startAgent(url, "idle", socket, logs.resolve("idle-agent.log"));
                agent.awaitLog("serves workers on", Duration.ofSeconds(60));
                List<RuntimeProcess> ws = new ArrayList<>();
                for (int i = 1; i <= 10; i++) {
                    ws.add(lean.startServedWorker(url, "idle." + i, socket, logs.resolve("idle-w" + i + ".log")));
                }
                Thread.sleep(15_000);
                long[] rss = ws.stream().mapToLong(w -> rssKb(w.pid())).sorted().toArray();
                System.out.printf("%nidle after 15 s, lean JVM options (%s):%n  served worker RSS: median %,d kB, max %,d kB (10 workers)%n  agent RSS (10 workers connected): %,d kB%n",
                        String.join(" ", RuntimeBenchmark.LEAN_WORKER_JVM), rss[rss.length / 2], rss[rss.length - 1], rssKb(agent.pid()));
                System.out.printf("  classes loaded by a served worker: %s%n", loadedClasses(ws.get(0).pid()));
            }
        }
    }

    /** How many classes the process loaded, and how many of them are jOOQ's, the JDBC driver's, the pool's. */
    private static String loadedClasses(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), "VM.class_hierarchy")
                    .redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
            p.waitFor();
            long jooq = lines.stream().filter(l -> l.contains("org.jooq.")).count();
            long pg = lines.stream().filter(l -> l.contains("org.postgresql.")).count();
            long hikari = lines.stream().filter(l -> l.contains("com.zaxxer.")).count();
            return String.format("%,d in all; org.jooq %d, org.postgresql %d, com.zaxxer %d", lines.size(), jooq, pg, hikari);
        } catch (Exception e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private static long rssKb(long pid) {
        try {
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            return Long.parseLong(status.lines().filter(l -> l.startsWith("VmRSS")).findFirst().orElseThrow().replaceAll("[^0-9]", ""));
        } catch (Exception e) {
            return -1;
        }
    }

    // ---- scale: agents in this JVM, simulated workers ----

    private static void scale(EmbeddedPostgres pg) throws Exception {
        System.out.println("\nscale: agents several to this JVM (2 connections each), workers simulated as threads speaking the protocol, the first level in a process of its own, queue_size 5, no-op:");
        System.out.printf("%-8s %-6s %10s %12s %14s %14s %22s%n", "workers", "nodes", "tasks", "tasks/s", "connections", "round p50/p99", "pending→started p50/p99");
        for (int[] size : new int[][] {{10, 1}, {100, 10}, {1000, 100}}) {
            scaleRun(pg, size[0], size[1]);
        }
    }

    private static void scaleRun(EmbeddedPostgres pg, int workers, int nodes) throws Exception {
        DbUrl url = TestPostgres.freshDatabase(pg);
        int n = tasks;
        List<Database> opened = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<SimulatedWorker> sims = new ArrayList<>();
        StopSignal stop = new StopSignal();
        try (Database db = Database.open(url, 2, "bench"); RuntimeProcesses firstLevelProcess = new RuntimeProcesses(RuntimeProcesses.DEFAULT_JVM_OPTIONS)) {
            db.migrate();
            TaskTables.create(db, "scale", n);
            TaskTables.execute(db, "ALTER TABLE scale ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()");
            TaskTables.execute(db, "CREATE TRIGGER scale_new_tasks AFTER INSERT ON scale FOR EACH STATEMENT EXECUTE FUNCTION pampa.notify_new_tasks('scale')");
            TaskTables.execute(db, "VACUUM ANALYZE scale");
            TaskTables.job(db, "scale", "scale", NOOP, "queue_size: 5");
            new JobStore(db.dsl()).setPaused("scale", true);
            Path marks = Files.createTempDirectory(Path.of("/tmp"), "pafl");
            RuntimeProcess firstLevel = firstLevelProcess.startJava(FirstLevelRounds.class.getName(), url, "first level",
                    logs.resolve("first-level-" + nodes + ".log"), marks.toString());
            firstLevel.awaitLog("first level holds the lease", Duration.ofSeconds(60));
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "pas");
            for (int i = 1; i <= nodes; i++) {
                String node = "s" + i;
                Database agentDb = Database.open(url, 1, "agent " + node);
                opened.add(agentDb);
                Path socket = dir.resolve(node + ".sock");
                NodeAgent agent = new NodeAgent(agentDb, node, "bench", socket, JobsPath.of(Path.of("none")), AgentSettings.defaults(), stop);
                Thread t = new Thread(agent::run, "agent-" + node);
                t.start();
                threads.add(t);
                for (int w = 1; w <= workers / nodes; w++) {
                    sims.add(new SimulatedWorker(node + "." + w, socket));
                }
            }
            for (SimulatedWorker s : sims) {
                s.start();
            }
            long deadline = System.currentTimeMillis() + 180_000;
            // a paused job is assigned no workers: wait until every worker is live (its agent heartbeats it)
            while (new WorkerRegistry(db.dsl()).live(10).size() < workers) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the simulated workers did not all register; see the output above");
                }
                Thread.sleep(100);
            }
            Thread.sleep(2_500);
            Files.createFile(marks.resolve("measure"));
            new JobStore(db.dsl()).setPaused("scale", false);
            double connections = 0;
            long limit = System.currentTimeMillis() + 900_000;
            while (unfinished(db, "scale")) {
                if (System.currentTimeMillis() > limit) {
                    throw new IllegalStateException("scale run did not finish in 15 min");
                }
                connections = Math.max(connections, TaskTables.count(db, "datname = current_database()", "pg_stat_activity"));
                Thread.sleep(250);
            }
            double s = Double.parseDouble(TaskTables.string(db, "SELECT extract(epoch FROM max(pampa_end_time) - min(pampa_start_time)) FROM scale"));
            long twice = TaskTables.count(db, "pampa_success IS NOT TRUE OR pampa_reservation_times <> 1", "scale");
            Files.delete(marks.resolve("measure"));
            Files.createFile(marks.resolve("report"));
            firstLevel.waitFor(Duration.ofSeconds(60));
            String[] figures = firstLevel.log().lines().filter(l -> l.startsWith("rounds ")).findFirst().orElseThrow().split(" ");
            double roundP50 = Double.parseDouble(figures[3]);
            double roundP99 = Double.parseDouble(figures[5]);
            // pending to started: single rows inserted 20 ms apart into the idle cluster
            for (int i = 1; i <= 200; i++) {
                TaskTables.execute(db, "INSERT INTO scale (id) VALUES (" + (n + i) + ")");
                Thread.sleep(20);
            }
            deadline = System.currentTimeMillis() + 60_000;
            while (TaskTables.count(db, "pampa_success IS TRUE AND id > " + n, "scale") < 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            String all = TaskTables.string(db, "SELECT string_agg((extract(epoch FROM pampa_start_time - created_at) * 1000)::text, ',') FROM scale WHERE id > " + n + " AND pampa_start_time IS NOT NULL");
            double[] lat = all == null ? new double[0] : Arrays.stream(all.split(",")).mapToDouble(Double::parseDouble).sorted().toArray();
            System.out.printf("%-8d %-6d %,10d %,12.0f %14.0f %6.1f / %5.1f ms %10.1f / %5.1f ms%s%n", workers, nodes, n, n / s, connections,
                    roundP50, roundP99, pct(lat, 50), pct(lat, 99), twice == 0 ? "" : "  (" + twice + " task(s) not done exactly once!)");
        } finally {
            // the agents ask their (simulated) workers to stop, which say Bye: the real shutdown
            stop.request();
            for (Thread t : threads) {
                t.join(90_000);
            }
            for (SimulatedWorker w : sims) {
                w.close();
            }
            for (Database d : opened) {
                d.close();
            }
        }
    }

    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** A worker as a thread: says Hello, answers every task DONE at once, pings every second. */
    private static final class SimulatedWorker {
        private final String name;
        private final Path socket;
        private volatile SocketChannel channel;
        private volatile boolean closed;

        SimulatedWorker(String name, Path socket) {
            this.name = name;
            this.socket = socket;
        }

        void start() {
            Thread t = new Thread(this::run, "sim-" + name);
            t.setDaemon(true);
            t.start();
        }

        private void run() {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!closed) {
                try {
                    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                    c.connect(UnixDomainSocketAddress.of(socket));
                    channel = c;
                    break;
                } catch (Exception e) {
                    if (System.currentTimeMillis() > deadline) {
                        System.err.println(name + ": no agent at " + socket);
                        return;
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
            try (InputStream in = new BufferedInputStream(ChannelStreams.in(channel), 1 << 16)) {
                OutputStream out = new BufferedOutputStream(ChannelStreams.out(channel), 1 << 16);
                Thread pinger = new Thread(() -> {
                    while (!closed) {
                        try {
                            synchronized (out) {
                                Frames.write(out, new Message.Ping(null, null, 0, 0));
                                out.flush();
                            }
                            Thread.sleep(1_000);
                        } catch (Exception e) {
                            return;
                        }
                    }
                }, "sim-ping-" + name);
                pinger.setDaemon(true);
                synchronized (out) {
                    Frames.write(out, new Message.Hello(name, ProcessHandle.current().pid(), UUID.randomUUID().toString(), Message.PROTOCOL));
                    out.flush();
                }
                pinger.start();
                while (!closed) {
                    Message m = Frames.read(in);
                    if (m == null || m instanceof Message.ByeAck) {
                        return;
                    }
                    if (m instanceof Message.Welcome w && w.refusal() != null) {
                        System.err.println(name + " refused: " + w.refusal());
                        return;
                    }
                    if (m instanceof Message.Tasks t) {
                        synchronized (out) {
                            for (Message.TaskItem i : t.tasks()) {
                                Frames.write(out, new Message.Outcome(t.job(), i.key(), i.tryNumber(), Message.Kind.DONE, Map.of(), null, false, 2_000));
                            }
                            out.flush();
                        }
                    } else if (m instanceof Message.Stop) {
                        synchronized (out) {
                            Frames.write(out, new Message.Bye());
                            out.flush();
                        }
                    }
                }
            } catch (Exception e) {
                if (!closed) {
                    System.err.println(name + ": " + e);
                }
            }
        }

        void close() {
            closed = true;
        }
    }
}
