package dev.pampa.bench;

import dev.pampa.control.database.EmbeddedDefault;
import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.Database;
import dev.pampa.store.NodeStore;
import dev.pampa.testing.TaskTables;
import dev.pampa.ui.dashboard.DashboardScreen;
import dev.pampa.ui.dashboard.DashboardViewModel;
import dev.pampa.ui.main.CockpitStartup;
import dev.pampa.ui.main.MainWindow;
import dev.pampa.ui.testing.CockpitFixture;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The cockpit's own figures, printed, on the real scene rendered headless (Monocle, software
 * pipeline): start to a usable window (the dashboard showing its first reading) on a warm embedded
 * database; the FX thread's longest block while the local cluster runs the 100,000-task sample job and
 * the dashboard refreshes; memory after minutes of charts over a day of snapshots. Targets: under 4 s,
 * under 50 ms, under 400 MB.
 *
 * <p>{@code ./mvnw -q -B -pl runtime,jobs-sample -am package -DskipTests && ./mvnw -q -pl app -am -Pbench -DskipTests
 * -Dexec.skip=true -Dbench.main=dev.pampa.bench.CockpitBenchmark test-compile exec:exec}; the charts' run lasts
 * {@code PAMPA_BENCH_CHART_MINUTES} minutes (default 3). {@code PAMPA_BENCH_START_ONLY=true}: the start figures only.
 */
public final class CockpitBenchmark {
    private static final int WARM_RUNS = 3;

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        int chartMinutes = Integer.parseInt(System.getenv().getOrDefault("PAMPA_BENCH_CHART_MINUTES", "3"));
        CountDownLatch fx = new CountDownLatch(1);
        Platform.startup(fx::countDown);
        Platform.setImplicitExit(false);
        fx.await();
        Path dir = Files.createTempDirectory("pampa-cockpit-bench");
        CockpitStartup startup = CockpitFixture.startupIn(dir);
        System.out.printf("load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf("Pampa cockpit benchmark — %d cores, max heap %d MB, JavaFX %s headless (Monocle, software rendering)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, System.getProperty("javafx.runtime.version"));

        double cold = timed(startup);
        System.out.printf("start to a usable window, first run (initdb, migrate, seed 100,000 rows): %.2f s%n", cold);
        List<Double> stopped = new ArrayList<>();
        for (int i = 0; i < WARM_RUNS; i++) {
            stopped.add(timed(startup));
        }
        System.out.printf("start to a usable window, warm data directory, server stopped (the cockpit starts it): median %.2f s of %s%n",
                median(stopped), stopped);
        List<Double> running = new ArrayList<>();
        try (OperatorDatabase other = EmbeddedDefault.open(startup.embedded(), m -> { })) {
            for (int i = 0; i < WARM_RUNS; i++) {
                running.add(timed(startup));
            }
        }
        System.out.printf("start to a usable window, server already running (another cockpit or the demo): median %.2f s of %s%n",
                median(running), running);
        if (Boolean.parseBoolean(System.getenv("PAMPA_BENCH_START_ONLY"))) {
            // the start figures alone (issue 13): no cluster run, no charts
            Platform.exit();
            return;
        }

        Opened w = usable(startup);
        try {
            Database db = w.window.session().database().database();
            NodeSpec local = new NodeStore(db.dsl()).find(NodeSpec.LOCAL).orElseThrow().spec();
            new NodeStore(db.dsl()).save(new NodeSpec(local.name(), local.host(), local.port(), local.user(), local.auth(), local.keyPath(),
                    local.maxWorkers(), local.javaCommand(), dir.resolve("node").toString(), local.maxRamMb(), local.maxCpuPercent()));
            DashboardViewModel dashboard = ((DashboardScreen) w.window.screens().get(0)).model();

            javafx.scene.Scene scene = onFx(() -> w.window.screens().get(0).view().getScene());
            FxProbe probe = FxProbe.start(scene);
            long t0 = System.nanoTime();
            w.window.session().cluster().startCluster(NodeSpec.LOCAL, m -> { });
            while (!onFx(() -> dashboard.tile(3).get()).equals("100,000")) {
                Thread.sleep(200);
            }
            double runSeconds = (System.nanoTime() - t0) / 1e9;
            FxProbe.Result busy = probe.stop();
            System.out.printf("FX thread while %d local workers and the dispatcher run 100,000 tasks (%.0f s from Start to 100,000 on the"
                            + " dashboard, refreshed every %d s): longest runLater wait %.1f ms, p99 %.1f ms, %d of %d probes over 50 ms;"
                            + " longest gap between pulses %.1f ms; longest CSS+layout pass %.1f ms (%.1f ms of FX-thread CPU)%n",
                    local.maxWorkers(), runSeconds, 2, busy.maxMs, busy.p99Ms, busy.over50, busy.probes, busy.maxPulseGapMs, busy.maxLayoutMs,
                    busy.maxLayoutCpuMs);
            w.window.session().cluster().stopCluster(Duration.ofSeconds(30), m -> { });

            // a day of snapshots every 5 s, so that every refresh fills each series with its maximum of points
            TaskTables.execute(db, "INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying, failed) "
                    + "SELECT 'search_odd_numbers', now() - (3600 + g * 5) * interval '1 second', 100000 - g, 100, 10, g, 0, 0, 0 "
                    + "FROM generate_series(0, 17279) g ON CONFLICT DO NOTHING");
            onFx(() -> {
                dashboard.windowProperty().set(Duration.ofDays(1));
                return null;
            });
            Thread.sleep(10_000);
            // the FX thread's own share of one refresh: the series replaced, then CSS and layout of the scene
            javafx.scene.Parent root = onFx(() -> w.window.screens().get(0).view().getScene().getRoot());
            List<Double> refreshMs = new ArrayList<>();
            List<Double> showCpuMs = new ArrayList<>();
            List<Double> layoutCpuMs = new ArrayList<>();
            DashboardViewModel.Reading first = dashboard.read();
            for (int i = 0; i < 20; i++) {
                // every point's values changed, as between two refreshes of a running job
                int shift = i + 1;
                dev.pampa.report.JobDashboardView v = first.dashboard();
                DashboardViewModel.Reading reading = new DashboardViewModel.Reading(first.jobs(), new dev.pampa.report.JobDashboardView(
                        v.job(), v.counts(), v.failedTries(), v.countedLive(), v.countsAgeSeconds(),
                        v.series().stream().map(p -> new dev.pampa.report.StatsPoint(p.at(), p.pending() - shift * 10L, p.queued(),
                                p.running(), p.done() + shift * 10L, p.dead(), p.retrying(), p.failed())).toList(),
                        v.throughput().stream().map(r -> new dev.pampa.report.RatePoint(r.at(), r.donePerMinute() + shift, r.failedPerMinute()))
                                .toList(), v.finishedPerSecond(), v.eta()), first.window(), first.readAt());
                refreshMs.add(onFx(() -> {
                    long s0 = System.nanoTime();
                    long c0 = cpu();
                    dashboard.show(reading);
                    long c1 = cpu();
                    root.applyCss();
                    root.layout();
                    long c2 = cpu();
                    showCpuMs.add((c1 - c0) / 1e6);
                    layoutCpuMs.add((c2 - c1) / 1e6);
                    return (System.nanoTime() - s0) / 1e6;
                }));
            }
            Collections.sort(refreshMs);
            Collections.sort(showCpuMs);
            Collections.sort(layoutCpuMs);
            System.out.printf("one dashboard refresh on the FX thread (%d points replaced, CSS and layout): median %.1f ms, max %.1f ms of 20%n",
                    onFx(() -> dashboard.stateSeries().stream().mapToInt(x -> x.getData().size()).sum()
                            + dashboard.rateSeries().stream().mapToInt(x -> x.getData().size()).sum()),
                    refreshMs.get(10), refreshMs.get(19));
            System.out.printf("  of which FX-thread CPU time (what the machine's load does not inflate): series replaced median %.1f ms,"
                    + " CSS and layout median %.1f ms, max %.1f ms%n", showCpuMs.get(10), layoutCpuMs.get(10), layoutCpuMs.get(19));
            long heapBefore = heapAfterGc();
            long rssBefore = rssKb();
            FxProbe charts = FxProbe.start(scene);
            Thread.sleep(TimeUnit.MINUTES.toMillis(chartMinutes));
            FxProbe.Result chartBusy = charts.stop();
            long heapAfter = heapAfterGc();
            long rssAfter = rssKb();
            int points = onFx(() -> dashboard.stateSeries().stream().mapToInt(s -> s.getData().size()).sum()
                    + dashboard.rateSeries().stream().mapToInt(s -> s.getData().size()).sum());
            System.out.printf("charts of a day's snapshots refreshed every 2 s for %d min (%d points on screen): heap after GC %d -> %d MB,"
                            + " process RSS %d -> %d MB; FX thread longest wait %.1f ms, longest CSS+layout pass %.1f ms (%.1f ms of FX-thread CPU)%n",
                    chartMinutes, points, heapBefore >> 20, heapAfter >> 20, rssBefore >> 10, rssAfter >> 10, chartBusy.maxMs, chartBusy.maxLayoutMs,
                    chartBusy.maxLayoutCpuMs);
        } finally {
            w.close();
        }
        System.exit(0);
    }

    /** seconds: to the dashboard's first reading; tabsSeconds: to the window with its tabs and toolbar, usable while data fills in. */
    private record Opened(MainWindow window, double seconds, double tabsSeconds) {
        void close() throws Exception {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    window.close();
                    done.complete(null);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
            done.get(120, TimeUnit.SECONDS);
        }
    }

    /** Seconds from a new window to its dashboard's first reading; the window closed after. */
    private static double timed(CockpitStartup startup) throws Exception {
        Opened w = usable(startup);
        w.close();
        System.out.printf("  (tabs and toolbar up after %.2f s, the dashboard's first reading after %.2f s)%n", w.tabsSeconds(), w.seconds());
        return w.seconds();
    }

    /** Opens a window and times it until the dashboard shows its first reading. */
    private static Opened usable(CockpitStartup startup) throws Exception {
        long t0 = System.nanoTime();
        MainWindow window = onFx(() -> {
            MainWindow m = new MainWindow(new Stage(), startup, new ScriptedDialogs());
            m.show();
            return m;
        });
        double tabs = (System.nanoTime() - t0) / 1e9;
        while (true) {
            boolean shown = onFx(() -> !window.screens().isEmpty()
                    && !((DashboardScreen) window.screens().get(0)).model().tile(0).get().equals("–"));
            if (shown) {
                break;
            }
            if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(3)) {
                throw new IllegalStateException("the cockpit did not show its dashboard within 3 minutes");
            }
            Thread.sleep(5);
        }
        return new Opened(window, (System.nanoTime() - t0) / 1e9, tabs);
    }

    static <T> T onFx(Callable<T> call) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(call.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not Linux: no figure
        }
        return 0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * How long the FX thread makes work wait: every 10 ms a probe posts a runnable and measures how late
     * it runs; an animation timer measures the gaps between pulses.
     */
    private static final class FxProbe {
        record Result(double maxMs, double p99Ms, int over50, int probes, double maxPulseGapMs, double maxLayoutMs, double maxLayoutCpuMs) {
        }

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Long> waits = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong maxPulseGap = new AtomicLong();
        private final AtomicLong maxLayout = new AtomicLong();
        private long layoutStart;
        private long layoutCpuStart;
        private final AtomicLong maxLayoutCpu = new AtomicLong();
        private javafx.scene.Scene scene;
        private Runnable pre;
        private Runnable post;
        private Thread thread;
        private AnimationTimer timer;

        static FxProbe start(javafx.scene.Scene scene) throws Exception {
            FxProbe p = new FxProbe();
            onFx(() -> {
                p.scene = scene;
                p.pre = () -> {
                    p.layoutStart = System.nanoTime();
                    p.layoutCpuStart = cpu();
                };
                p.post = () -> {
                    p.maxLayout.accumulateAndGet(System.nanoTime() - p.layoutStart, Math::max);
                    p.maxLayoutCpu.accumulateAndGet(cpu() - p.layoutCpuStart, Math::max);
                };
                scene.addPreLayoutPulseListener(p.pre);
                scene.addPostLayoutPulseListener(p.post);
                p.timer = new AnimationTimer() {
                    private long last;

                    @Override
                    public void handle(long now) {
                        if (last != 0) {
                            p.maxPulseGap.accumulateAndGet(now - last, Math::max);
                        }
                        last = now;
                    }
                };
                p.timer.start();
                return null;
            });
            p.thread = new Thread(() -> {
                while (p.running.get()) {
                    long posted = System.nanoTime();
                    CountDownLatch ran = new CountDownLatch(1);
                    Platform.runLater(() -> {
                        p.waits.add(System.nanoTime() - posted);
                        ran.countDown();
                    });
                    try {
                        ran.await();
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fx-probe");
            p.thread.setDaemon(true);
            p.thread.start();
            return p;
        }

        Result stop() throws Exception {
            running.set(false);
            thread.join();
            onFx(() -> {
                timer.stop();
                scene.removePreLayoutPulseListener(pre);
                scene.removePostLayoutPulseListener(post);
                return null;
            });
            List<Long> sorted = new ArrayList<>(waits);
            Collections.sort(sorted);
            long max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
            long p99 = sorted.isEmpty() ? 0 : sorted.get((int) Math.floor(sorted.size() * 0.99));
            int over = (int) sorted.stream().filter(w -> w > 50_000_000L).count();
            return new Result(max / 1e6, p99 / 1e6, over, sorted.size(), maxPulseGap.get() / 1e6, maxLayout.get() / 1e6, maxLayoutCpu.get() / 1e6);
        }
    }
}
