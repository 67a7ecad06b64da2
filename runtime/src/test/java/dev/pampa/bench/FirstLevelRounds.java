package dev.pampa.bench;

import dev.pampa.dispatch.Dispatcher;
import dev.pampa.dispatch.DispatcherSettings;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.DispatcherLease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The first level of the scale benchmark in a process of its own, as it runs in production, so that
 * its rounds are not timed inside a JVM that also hosts a hundred agents: holds the lease and runs a
 * round every 200 ms; times the rounds while the file {@code DIR/measure} exists; prints their
 * count, p50 and p99 and exits once {@code DIR/report} exists. Database from PAMPA_DB.
 */
public final class FirstLevelRounds {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Locale.setDefault(Locale.ROOT);
        StopSignal stop = new StopSignal();
        try (Database db = Database.open(DbUrl.parse(System.getenv("PAMPA_DB")), 4, "first level")) {
            Dispatcher first = new Dispatcher(db, "bench", JobsPath.of(Path.of("none")), DispatcherSettings.defaults(), stop);
            new DispatcherLease(db.dsl(), 3600).tryHold(first.holder(), "bench", ProcessHandle.current().pid());
            System.out.println("first level holds the lease");
            List<Double> rounds = new ArrayList<>();
            while (!Files.exists(dir.resolve("report"))) {
                long t0 = System.nanoTime();
                first.round();
                double ms = (System.nanoTime() - t0) / 1e6;
                if (Files.exists(dir.resolve("measure"))) {
                    rounds.add(ms);
                }
                Thread.sleep(200);
            }
            double[] r = rounds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("rounds %d p50 %.1f p99 %.1f%n", r.length, pct(r, 50), pct(r, 99));
        }
    }

    static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
