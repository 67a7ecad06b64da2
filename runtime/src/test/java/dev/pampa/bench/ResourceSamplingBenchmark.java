package dev.pampa.bench;

import dev.pampa.process.ProcessSampler;
import dev.pampa.report.ResourceUsage;
import dev.pampa.store.AgentRegistry;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What measuring the workers costs the node's agent (issue 10): one sample of a process from /proc (four
 * files) beside reading its stat file alone, in the same JVM; and the agent's heartbeat statement for 100
 * served workers with their measures beside the same statement without them, on the same PostgreSQL.
 *
 * <p>Run: see BENCHMARKS.md.
 */
public final class ResourceSamplingBenchmark {
    public static void main(String[] args) throws Exception {
        sampling();
        heartbeat(100, 400);
    }

    private static void sampling() throws Exception {
        long pid = ProcessHandle.current().pid();
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        ProcessSampler sampler = new ProcessSampler();
        int n = 20_000;
        double baseline = 0;
        double sample = 0;
        for (int round = 0; round < 3; round++) { // the last of three rounds, warmed
            long t0 = System.nanoTime();
            long bytes = 0;
            for (int i = 0; i < n; i++) {
                bytes += Files.readString(stat).length();
            }
            baseline = (System.nanoTime() - t0) / 1e3 / n;
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (sampler.sample(pid).rssKb() == null) {
                    throw new IllegalStateException("no RSS read");
                }
            }
            sample = (System.nanoTime() - t0) / 1e3 / n;
            if (bytes == 0) {
                throw new IllegalStateException();
            }
        }
        System.out.printf(Locale.ROOT, "sample of one process (stat, status, io, its namespace's net/dev): %.1f us; reading stat alone: %.1f us; ratio %.1f%n",
                sample, baseline, sample / baseline);
        System.out.printf(Locale.ROOT, "  per heartbeat of an agent with 10 workers: %.2f ms; with 100: %.2f ms%n", sample * 11 / 1e3, sample * 101 / 1e3);
    }

    private static void heartbeat(int workers, int beats) {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = Database.open(url, 2, "bench")) {
            db.migrate();
            AgentRegistry registry = new AgentRegistry(db.dsl());
            registry.register("n01", "bench", 1, "bench", "inc", "/tmp/none", 30);
            List<AgentRegistry.WorkerBeat> bare = new ArrayList<>();
            List<AgentRegistry.WorkerBeat> measured = new ArrayList<>();
            for (int i = 1; i <= workers; i++) {
                registry.registerWorker("n01", "n01." + i, "bench", 1000 + i, "bench", "w" + i, 30);
                bare.add(new AgentRegistry.WorkerBeat("n01." + i, "w" + i, "running", "j", "42", i, 0));
                measured.add(new AgentRegistry.WorkerBeat("n01." + i, "w" + i, "running", "j", "42", i, 0,
                        new ResourceUsage(12.5, 70_000L + i, 1_000L, 2_000L, 300L, 400L, ResourceUsage.NET_NAMESPACE)));
            }
            ResourceUsage own = new ResourceUsage(3.0, 150_000L, 0L, 10L, 300L, 400L, ResourceUsage.NET_NAMESPACE);
            double[] without = new double[beats];
            double[] with = new double[beats];
            for (int round = 0; round < 2; round++) { // the second round, warmed
                for (int i = 0; i < beats; i++) {
                    long t0 = System.nanoTime();
                    registry.heartbeat("n01", "inc", workers, bare);
                    without[i] = (System.nanoTime() - t0) / 1e6;
                    t0 = System.nanoTime();
                    registry.heartbeat("n01", "inc", workers, own, measured);
                    with[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            System.out.printf(Locale.ROOT, "heartbeat of %d workers: p50 %.2f ms with their measures, %.2f ms without; ratio %.2f (p99 %.2f / %.2f ms)%n",
                    workers, pct(with, 50), pct(without, 50), pct(with, 50) / pct(without, 50), pct(with, 99), pct(without, 99));
        }
    }

    private static double pct(double[] values, int p) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1)];
    }
}
