package dev.pampa.bench;

import dev.pampa.dispatch.Dispatcher;
import dev.pampa.dispatch.DispatcherSettings;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import dev.pampa.store.AgentRegistry;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.DispatcherLease;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The first level's round on its own: {@code --nodes} agents with 10 registered workers each, heart-
 * beating (from this process, between rounds), one job with pending tasks, and nothing else running, so
 * that the round's own cost at 1,000 workers is told apart from a crowded machine's starvation.
 * Prints p50/p99/max of {@code --rounds} rounds (500), the statements they issued per round from
 * pg_stat_statements when it is loaded.
 */
public final class FirstLevelRoundCost {
    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int nodes = 100;
        int rounds = 500;
        for (String a : args) {
            if (a.startsWith("--nodes=")) {
                nodes = Integer.parseInt(a.substring(8));
            } else if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring(9));
            } else {
                throw new IllegalArgumentException("unknown argument " + a + " — give --nodes=N --rounds=N");
            }
        }
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = Database.open(url, 4, "first level")) {
            db.migrate();
            TaskTables.create(db, "t", 20_000);
            TaskTables.job(db, "j", "t", "dev.pampa.testing.jobs.NoOpProcessor", "queue_size: 5");
            AgentRegistry agents = new AgentRegistry(db.dsl());
            List<String> inc = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                String node = String.format("n%03d", n);
                String incarnation = "i" + n;
                inc.add(incarnation);
                agents.register(node, "h", 1000 + n, "bench", incarnation, "/tmp/" + node + ".sock", 30);
                for (int w = 1; w <= 10; w++) {
                    agents.registerWorker(node, node + "." + w, "h", 10_000 + n * 10 + w, "bench", incarnation + "." + w, 30);
                }
            }
            StopSignal stop = new StopSignal();
            Dispatcher first = new Dispatcher(db, "bench", JobsPath.of(Path.of("none")), DispatcherSettings.defaults(), stop);
            new DispatcherLease(db.dsl(), 3600).tryHold(first.holder(), "bench", ProcessHandle.current().pid());
            for (int i = 0; i < 50; i++) {
                first.round();
            }
            double[] ms = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                if (i % 10 == 0) {
                    for (int n = 0; n < nodes; n++) {
                        List<AgentRegistry.WorkerBeat> beats = new ArrayList<>();
                        String node = String.format("n%03d", n);
                        for (int w = 1; w <= 10; w++) {
                            beats.add(new AgentRegistry.WorkerBeat(node + "." + w, inc.get(n) + "." + w, "idle", null, null, 0, 0));
                        }
                        agents.heartbeat(node, inc.get(n), 10, beats);
                    }
                }
                long t0 = System.nanoTime();
                first.round();
                ms[i] = (System.nanoTime() - t0) / 1e6;
                Thread.sleep(20);
            }
            java.util.Arrays.sort(ms);
            System.out.printf("%d nodes, %d workers: rounds %d p50 %.2f ms p99 %.2f ms max %.2f ms (load %s)%n", nodes, nodes * 10, rounds,
                    FirstLevelRounds.pct(ms, 50), FirstLevelRounds.pct(ms, 99), ms[ms.length - 1],
                    java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }
}
