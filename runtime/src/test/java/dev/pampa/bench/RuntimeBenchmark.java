package dev.pampa.bench;

import dev.pampa.dispatch.Dispatcher;
import dev.pampa.dispatch.DispatcherSettings;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.DispatcherLease;
import dev.pampa.store.JobStore;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The runtime's figures, printed: end-to-end no-op tasks per second for 1, 4 and 10 worker processes
 * at the default and the best queue_size, against the raw set-based UPDATE of the same rows on the
 * same database as the physical baseline; pending-to-started latency; a dispatcher round's time on a
 * 1,000,000-row table; an idle worker's resident memory. PostgreSQL runs with its durable settings.
 *
 * <p>Run: {@code ./mvnw -q -pl runtime -am -Pbench -DskipTests install exec:exec} (see BENCHMARKS.md).
 * Arguments: {@code --tasks=N} (default 100000), {@code --quick} (fewer runs).
 */
public final class RuntimeBenchmark {
    private static final String NOOP = "dev.pampa.testing.NoopProcessor";
    /** kill -9 of a worker holding tasks, with the default timings: how long until none of them is held by it. */
    private static void takeBackAfterKill(DbUrl url, Database db) throws Exception {
        TaskTables.create(db, "victim", 2_000);
        TaskTables.execute(db, "UPDATE victim SET work_ms = 20");
        TaskTables.job(db, "victim", "victim", "dev.pampa.testing.jobs.RecordingProcessor", "queue_size: 20");
        try (RuntimeProcesses procs = new RuntimeProcesses(workerJvm)) {
            procs.startDispatcher(url, logs.resolve("victim-dispatcher.log"));
            RuntimeProcess victim = procs.startWorker(url, "victim.1", logs.resolve("victim-w1.log"));
            procs.startWorker(url, "victim.2", logs.resolve("victim-w2.log"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (TaskTables.count(db, "worker = 'victim.1'", "runs") < 50 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            long held = TaskTables.count(db, "pampa_reservation_id = 'victim.1' AND pampa_end_time IS NULL", "victim");
            victim.kill9();
            long t0 = System.nanoTime();
            while (TaskTables.count(db, "pampa_reservation_id = 'victim.1' AND pampa_end_time IS NULL", "victim") > 0) {
                if (System.currentTimeMillis() > deadline + 60_000) {
                    throw new IllegalStateException("the killed worker's tasks were not taken back; see " + logs);
                }
                Thread.sleep(100);
            }
            System.out.printf("%nkill -9 of a worker holding %d tasks: all back in work after %.1f s (heartbeat 2 s, dead after 10 s, take-backs every second)%n",
                    held, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * JVM options for a worker on a node that runs many: small heap, serial GC, C1 only, small stacks. The
     * operator's start gives them to every process of a node, the agent and the dispatcher too
     * (ProcessControl.WORKER_JVM_OPTIONS in the app module).
     */
    static final List<String> LEAN_WORKER_JVM = List.of("-Xms8m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=24m", "-XX:MaxMetaspaceSize=64m", "-Xss256k", "-XX:CICompilerCount=1");

    private static int tasks = 100_000;
    private static Path logs;
    private static List<String> workerJvm = LEAN_WORKER_JVM;
    /** e.g. "10x500": one end-to-end run and nothing else, for trying a change quickly. */
    private static String only;

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        // Maven passes the bench.args property as one argument: split it
        for (String arg : String.join(" ", args).trim().split("\\s+")) {
            if (arg.startsWith("--tasks=")) {
                tasks = Integer.parseInt(arg.substring("--tasks=".length()));
            } else if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.equals("--jvm=lean")) {
                workerJvm = LEAN_WORKER_JVM;
            } else if (arg.equals("--jvm=default")) {
                workerJvm = RuntimeProcesses.DEFAULT_JVM_OPTIONS;
            } else if (arg.startsWith("--only=")) {
                only = arg.substring("--only=".length());
            } else if (!arg.isEmpty()) {
                throw new IllegalArgumentException("unknown argument " + arg + "; use --tasks=N, --quick, --only=WORKERSxQUEUE, --jvm=lean|default");
            }
        }
        logs = Files.createTempDirectory("pampa-bench");
        Locale.setDefault(Locale.ROOT);
        System.out.printf("Pampa runtime benchmark — %d cores, Java %s, %d tasks per run, logs in %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), tasks, logs);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "300")
                .start()) {
            DbUrl url = TestPostgres.freshDatabase(pg);
            try (Database db = Database.open(url, 4, "bench")) {
                db.migrate();
                System.out.printf("PostgreSQL %s, fsync=%s, synchronous_commit=%s%n",
                        TaskTables.string(db, "SHOW server_version"), TaskTables.string(db, "SHOW fsync"), TaskTables.string(db, "SHOW synchronous_commit"));
                if ("takeback".equals(only)) {
                    takeBackAfterKill(url, db);
                    return;
                }
                if ("memory".equals(only)) {
                    idleWorkerMemory(url, db);
                    return;
                }
                if ("latency".equals(only)) {
                    latency(url, db);
                    System.out.println(TaskTables.string(db, "SELECT string_agg(id || ':' || round(extract(epoch FROM pampa_start_time - created_at) * 1000) || 'ms@' || pampa_reservation_id, ' ' ORDER BY pampa_start_time - created_at DESC) FROM (SELECT * FROM trickle ORDER BY pampa_start_time - created_at DESC LIMIT 12) s"));
                    return;
                }
                if (only != null) {
                    String[] wq = only.split("x");
                    System.out.printf("only: %s workers, queue_size %s, workers with %s: %,.0f tasks/s%n", wq[0], wq[1], workerJvm,
                            endToEnd(url, db, Integer.parseInt(wq[0]), Integer.parseInt(wq[1]), "only"));
                    return;
                }
                double baseline = baseline(db);
                System.out.printf("%nbaseline: one set-based UPDATE of %d rows: %,.0f rows/s%n", tasks, baseline);

                System.out.println("\nend to end, no-op tasks (dispatcher + worker processes on this machine):");
                int[] sweep = quick ? new int[] {5, 500} : new int[] {5, 50, 200, 500, 1000};
                int best = 5;
                double bestRate = 0;
                for (int q : sweep) {
                    double r = endToEnd(url, db, 10, q, "sweep");
                    if (r > bestRate) {
                        bestRate = r;
                        best = q;
                    }
                }
                System.out.printf("best queue_size for 10 workers: %d%n", best);
                System.out.printf("%-8s %-11s %12s %14s%n", "workers", "queue_size", "tasks/s", "of baseline");
                for (int w : new int[] {1, 4, 10}) {
                    for (int q : best == 5 ? new int[] {5} : new int[] {5, best}) {
                        double r = endToEnd(url, db, w, q, "run");
                        System.out.printf("%-8d %-11d %,12.0f %13.1f%%%n", w, q, r, 100 * r / baseline);
                    }
                }
                latency(url, db);
                takeBackAfterKill(url, db);
                idleWorkerMemory(url, db);
            }
            roundOnLargeTable(TestPostgres.freshDatabase(pg));
        }
    }

    /** The same rows marked done by one statement: what the disk and PostgreSQL allow at best. */
    private static double baseline(Database db) {
        TaskTables.create(db, "baseline", tasks);
        TaskTables.execute(db, "VACUUM ANALYZE baseline");
        long t0 = System.nanoTime();
        TaskTables.execute(db, "UPDATE baseline SET pampa_reservation_id = 'x', pampa_start_time = now(), pampa_end_time = now(), pampa_success = true, pampa_reservation_times = 1");
        double s = (System.nanoTime() - t0) / 1e9;
        TaskTables.execute(db, "DROP TABLE baseline");
        return tasks / s;
    }

    private static int runNo = 0;

    /** Starts the processes with the job paused, resumes it, and times until every task is done. */
    private static double endToEnd(DbUrl url, Database db, int workers, int queueSize, String label) throws Exception {
        String table = "e2e" + (++runNo);
        TaskTables.create(db, table, tasks);
        TaskTables.execute(db, "VACUUM ANALYZE " + table);
        String job = "bench" + runNo;
        TaskTables.job(db, job, table, NOOP, "queue_size: " + queueSize);
        new JobStore(db.dsl()).setPaused(job, true);
        try (RuntimeProcesses procs = new RuntimeProcesses(workerJvm)) {
            procs.startDispatcher(url, logs.resolve(table + "-dispatcher.log"));
            for (int i = 1; i <= workers; i++) {
                procs.startWorker(url, "b" + runNo + "." + i, logs.resolve(table + "-w" + i + ".log"));
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (new WorkerRegistry(db.dsl()).live(10).stream().filter(n -> n.startsWith("b" + runNo + ".")).count() < workers) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("workers did not register; see " + logs);
                }
                Thread.sleep(50);
            }
            Thread.sleep(2_500);
            new JobStore(db.dsl()).setPaused(job, false);
            long limit = System.currentTimeMillis() + 900_000;
            // a light poll: a count every 250 ms must not steal the CPU being measured
            while (TaskTables.count(db, "pampa_end_time IS NULL", table) > 0) {
                if (System.currentTimeMillis() > limit) {
                    throw new IllegalStateException("run did not finish in 15 min; see " + logs);
                }
                Thread.sleep(250);
            }
            // from the first start to the last end, on the database's clock
            double s = Double.parseDouble(TaskTables.string(db, "SELECT extract(epoch FROM max(pampa_end_time) - min(pampa_start_time)) FROM " + table));
            if (TaskTables.count(db, "pampa_success IS NOT TRUE", table) > 0) {
                throw new IllegalStateException("a no-op task failed; see " + logs);
            }
            for (RuntimeProcess p : procs.started()) {
                p.terminate();
            }
            for (RuntimeProcess p : procs.started()) {
                p.waitFor(java.time.Duration.ofSeconds(30));
            }
            double rate = tasks / s;
            if (label.equals("sweep")) {
                System.out.printf("  sweep: 10 workers, queue_size %5d: %,8.0f tasks/s (%.1f s)%n", queueSize, rate, s);
            }
            return rate;
        } finally {
            TaskTables.execute(db, "DROP TABLE " + table);
            TaskTables.execute(db, "DELETE FROM pampa.job WHERE name = '" + job + "'");
        }
    }

    /**
     * Single tasks inserted one at a time into an idle cluster: time from insert to start. The first
     * 50, while the JVMs warm up, are reported apart from the 300 after them.
     */
    private static void latency(DbUrl url, Database db) throws Exception {
        TaskTables.create(db, "trickle", 0);
        TaskTables.execute(db, "ALTER TABLE trickle ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()");
        TaskTables.execute(db, "CREATE TRIGGER trickle_new_tasks AFTER INSERT ON trickle FOR EACH STATEMENT EXECUTE FUNCTION pampa.notify_new_tasks('trickle')");
        TaskTables.job(db, "trickle", "trickle", NOOP);
        int warm = 50;
        int n = 300;
        try (RuntimeProcesses procs = new RuntimeProcesses(workerJvm)) {
            procs.startDispatcher(url, logs.resolve("trickle-dispatcher.log"));
            for (int i = 1; i <= 4; i++) {
                procs.startWorker(url, "lat." + i, logs.resolve("trickle-w" + i + ".log"));
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (new WorkerRegistry(db.dsl()).live(10).stream().filter(w -> w.startsWith("lat.")).count() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(2_500);
            for (int i = 1; i <= warm + n; i++) {
                TaskTables.execute(db, "INSERT INTO trickle (id) VALUES (" + i + ")");
                Thread.sleep(25);
            }
            long limit = System.currentTimeMillis() + 60_000;
            while (TaskTables.count(db, "pampa_success IS TRUE", "trickle") < warm + n && System.currentTimeMillis() < limit) {
                Thread.sleep(50);
            }
        }
        double[] cold = latencies(db, "id <= " + warm);
        double[] ms = latencies(db, "id > " + warm);
        System.out.printf("%npending to started, single inserts 25 ms apart into an idle cluster of 4 workers: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d tasks (the %d before them, while the JVMs warm up: p50 %.1f ms, max %.1f ms)%n",
                pct(ms, 50), pct(ms, 99), ms.length == 0 ? Double.NaN : ms[ms.length - 1], ms.length, warm, pct(cold, 50), cold.length == 0 ? Double.NaN : cold[cold.length - 1]);
    }

    private static double[] latencies(Database db, String which) {
        String all = TaskTables.string(db, "SELECT string_agg((extract(epoch FROM pampa_start_time - created_at) * 1000)::text, ',') FROM trickle WHERE pampa_start_time IS NOT NULL AND " + which);
        return all == null ? new double[0] : Arrays.stream(all.split(",")).mapToDouble(Double::parseDouble).sorted().toArray();
    }

    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void idleWorkerMemory(DbUrl url, Database db) throws Exception {
        System.out.println();
        for (List<String> options : List.of(List.<String>of(), RuntimeProcesses.DEFAULT_JVM_OPTIONS, LEAN_WORKER_JVM)) {
            try (RuntimeProcesses procs = new RuntimeProcesses(options)) {
                RuntimeProcess w = procs.startWorker(url, "idle.1", logs.resolve("idle.log"));
                Thread.sleep(15_000);
                String status = Files.readString(Path.of("/proc/" + w.pid() + "/status"));
                String rss = status.lines().filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
                System.out.printf("idle worker after 15 s, %s: %s%n", options.isEmpty() ? "JVM defaults" : String.join(" ", options), rss);
                w.terminate();
                w.waitFor(java.time.Duration.ofSeconds(20));
            }
        }
    }

    /** A dispatcher round on a 1,000,000-row table: 900,000 done, 100,000 pending, 10 live workers. */
    private static void roundOnLargeTable(DbUrl url) throws Exception {
        try (Database db = Database.open(url, 4, "bench-round")) {
            db.migrate();
            TaskTables.create(db, "big", 1_000_000);
            TaskTables.execute(db, "UPDATE big SET pampa_reservation_id = 'old.1', pampa_reservation_times = 1, pampa_start_time = now(), pampa_end_time = now(), pampa_success = true WHERE id <= 900000");
            TaskTables.execute(db, "VACUUM ANALYZE big");
            TaskTables.job(db, "big", "big", NOOP);
            WorkerRegistry reg = new WorkerRegistry(db.dsl());
            for (int i = 1; i <= 10; i++) {
                reg.register("r." + i, "r", "bench", 0, "bench", "bench-" + i, 10);
            }
            DispatcherSettings s = DispatcherSettings.defaults();
            StopSignal stop = new StopSignal();
            Dispatcher d = new Dispatcher(db, "bench", JobsPath.of(Path.of("none")), s, stop);
            new DispatcherLease(db.dsl(), 600).tryHold(d.holder(), "bench", 0);
            d.round();
            List<Double> fills = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                TaskTables.execute(db, "UPDATE big SET pampa_reservation_id = NULL WHERE pampa_reservation_id LIKE 'r.%' AND pampa_end_time IS NULL");
                for (int w = 1; w <= 10; w++) {
                    reg.heartbeat("r." + w, "bench-" + w, "running", null, null, 0, 0);
                }
                long t0 = System.nanoTime();
                d.round();
                fills.add((System.nanoTime() - t0) / 1e6);
            }
            double[] f = fills.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            long t0 = System.nanoTime();
            new dev.pampa.store.TaskTable(new JobStore(db.dsl()).find("big").orElseThrow().spec()).countStates(db.dsl());
            double stats = (System.nanoTime() - t0) / 1e6;
            System.out.printf("%ndispatcher round on a 1,000,000-row table (10 workers x queue_size 5 refilled): p50 %.1f ms, max %.1f ms; the state counts for the stats snapshot (every 5 s): %.0f ms%n",
                    pct(f, 50), f[f.length - 1], stats);
        }
    }
}
