package dev.pampa.bench;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The soak run (issue 15): a steady job with successes, retried failures and given-up tasks on the
 * local cluster as real processes (dispatcher, the node's agent, two workers, each logging to a
 * rotated file as the node facade starts them), new tasks fed at a steady rate; every sample period
 * (a minute) the RSS of the dispatcher, a worker and the agent, the size of the pampa schema and of
 * the logs, printed as a table and drawn as a PNG chart. With {@code --cockpit-jar=PATH} (the operator's
 * jar, {@code app/target/pampa.jar}) the cockpit runs too, on the same database through PAMPA_DB,
 * showing its dashboard on a real display (DISPLAY must name one, e.g. Xvfb with a window manager), and
 * its RSS is sampled with the others.
 *
 * <p>Retention and log caps are scaled down by default so that an hour shows them at work (full stats
 * 2 min, per-minute stats 6 min, events 5 min, logs 1 MB x 3 per process); {@code --real-settings}
 * runs with the defaults instead. Arguments: {@code --minutes=60}, {@code --rate=100} (tasks a second),
 * {@code --sample-seconds=60}, {@code --out=DIR} (default target/soak), {@code --cockpit-jar=PATH}.
 */
public final class SoakBenchmark {
    private static final String PROCESSOR = "dev.pampa.testing.jobs.SoakProcessor";

    private record Sample(double minute, double dispatcherMb, double workerMb, double agentMb, double cockpitMb, double schemaMb, double logsMb,
                          long stats, long minuteStats, long events, long done, long dead, double tasksPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        int minutes = 60;
        int rate = 100;
        int sampleSeconds = 60;
        boolean realSettings = false;
        Path out = Path.of("target", "soak");
        Path cockpitJar = null;
        for (String arg : args) {
            if (arg.startsWith("--minutes=")) {
                minutes = Integer.parseInt(arg.substring(10));
            } else if (arg.startsWith("--rate=")) {
                rate = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("--sample-seconds=")) {
                sampleSeconds = Integer.parseInt(arg.substring(17));
            } else if (arg.equals("--real-settings")) {
                realSettings = true;
            } else if (arg.startsWith("--cockpit-jar=")) {
                cockpitJar = Path.of(arg.substring(14));
                if (!Files.isRegularFile(cockpitJar)) {
                    throw new IllegalArgumentException("--cockpit-jar: no file " + cockpitJar.toAbsolutePath() + "; build it with ./mvnw -q -DskipTests package");
                }
                if (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isBlank()) {
                    throw new IllegalArgumentException("--cockpit-jar needs a display: set DISPLAY (e.g. Xvfb :99 -screen 0 1280x800x24 & openbox & export DISPLAY=:99)");
                }
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring(6));
            } else {
                throw new IllegalArgumentException("unknown argument " + arg + "; use --minutes=N --rate=N --sample-seconds=N --real-settings --out=DIR --cockpit-jar=PATH");
            }
        }
        Locale.setDefault(Locale.ROOT);
        Files.createDirectories(out);
        Path logs = Files.createTempDirectory(Path.of("/tmp"), "pampa-soak");
        Path socket = logs.resolve("run/agent.sock");
        System.out.printf("Pampa soak run — %d min, %d new tasks/s, %d cores, Java %s, %s settings, logs in %s, load average %s%n",
                minutes, rate, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                realSettings ? "default" : "scaled-down", logs, Files.readString(Path.of("/proc/loadavg")).trim());
        DbUrl url = TestPostgres.freshDatabase();
        List<Sample> samples = new ArrayList<>();
        AtomicBoolean feeding = new AtomicBoolean(true);
        AtomicLong fed = new AtomicLong();
        try (Database db = Database.open(url, 3, "soak");
             RuntimeProcesses procs = new RuntimeProcesses(List.of("-Xms8m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                     "-XX:ReservedCodeCacheSize=24m", "-XX:MaxMetaspaceSize=64m", "-Xss256k", "-XX:CICompilerCount=1"))) {
            // a soak run stopped with Ctrl-C or SIGTERM must not leave its processes running
            Thread cleanup = new Thread(procs::close, "soak-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            db.migrate();
            TaskTables.create(db, "soak", 0);
            TaskTables.execute(db, "UPDATE soak SET work_ms = 2");
            TaskTables.job(db, "soak", "soak", PROCESSOR, "queue_size: 5", "max_try_times: 2", "retry_delay_seconds: 1");
            if (!realSettings) {
                procs.environment("PAMPA_LOG_MAX_MB", "1").environment("PAMPA_LOG_FILES", "3");
            }
            procs.environment("PAMPA_LOG_FILE", logs.resolve("dispatcher.log").toString());
            RuntimeProcess dispatcher = realSettings ? procs.startDispatcher(url, logs.resolve("dispatcher.out"))
                    : procs.startDispatcher(url, logs.resolve("dispatcher.out"), "--keep-full-stats", "2min", "--keep-minute-stats", "6min",
                            "--keep-events", "5min", "--keep-stopped", "10min");
            procs.environment("PAMPA_LOG_FILE", logs.resolve("agent.log").toString());
            RuntimeProcess agent = procs.startAgent(url, "soak", socket, logs.resolve("agent.out"));
            awaitFile(logs.resolve("agent.log"), "serves workers on", Duration.ofSeconds(60));
            procs.environment("PAMPA_LOG_FILE", logs.resolve("soak.1.log").toString());
            RuntimeProcess worker = procs.startServedWorker(url, "soak.1", socket, logs.resolve("soak.1.out"));
            procs.environment("PAMPA_LOG_FILE", logs.resolve("soak.2.log").toString());
            procs.startServedWorker(url, "soak.2", socket, logs.resolve("soak.2.out"));
            Process cockpit = cockpitJar == null ? null : startCockpit(cockpitJar, url, Files.createTempDirectory(Path.of("/tmp"), "pampa-soak-cockpit"));
            if (cockpit != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(cockpit::destroyForcibly, "soak-cockpit-cleanup"));
            }

            int perTick = Math.max(1, rate / 10);
            Thread feeder = new Thread(() -> {
                long next = System.nanoTime();
                while (feeding.get()) {
                    long from = fed.get() + 1;
                    TaskTables.execute(db, "INSERT INTO soak (id, work_ms) SELECT g, 2 FROM generate_series(" + from + ", " + (from + perTick - 1) + ") g");
                    fed.addAndGet(perTick);
                    next += 100_000_000L;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "feeder");
            feeder.setDaemon(true);
            feeder.start();

            long t0 = System.nanoTime();
            long lastDone = 0;
            long lastAt = t0;
            System.out.println();
            System.out.println("| min | dispatcher RSS MB | worker RSS MB | agent RSS MB | cockpit RSS MB | pampa schema MB | logs MB | job_stats rows | per-minute rows | events | done | given up | tasks/s |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int i = 0; i <= minutes * 60 / sampleSeconds; i++) {
                long due = t0 + i * (long) sampleSeconds * 1_000_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000);
                }
                for (RuntimeProcess p : List.of(dispatcher, agent, worker)) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException(p.label() + " exited; its output ends with:\n" + p.logTail(20));
                    }
                }
                if (cockpit != null && !cockpit.isAlive()) {
                    throw new IllegalStateException("the cockpit exited with " + cockpit.exitValue() + "; see " + COCKPIT_OUT);
                }
                long now = System.nanoTime();
                long done = TaskTables.count(db, "pampa_success IS TRUE", "soak");
                double tps = i == 0 ? 0 : (done - lastDone) / ((now - lastAt) / 1e9);
                lastDone = done;
                lastAt = now;
                Sample s = new Sample((now - t0) / 60e9, rssMb(dispatcher.pid()), rssMb(worker.pid()), rssMb(agent.pid()),
                        cockpit == null ? 0 : rssMb(cockpit.pid()),
                        Long.parseLong(TaskTables.string(db, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'pampa' AND c.relkind IN ('r', 'm')")) / 1048576.0,
                        directorySize(logs) / 1048576.0,
                        TaskTables.count(db, "true", "pampa.job_stats"), TaskTables.count(db, "true", "pampa.job_stats_minute"),
                        TaskTables.count(db, "true", "pampa.event"), done,
                        TaskTables.count(db, "pampa_success IS FALSE AND pampa_end_time IS NOT NULL", "soak"), tps);
                samples.add(s);
                System.out.printf("| %.0f | %.1f | %.1f | %.1f | %s | %.2f | %.2f | %d | %d | %d | %d | %d | %.0f |%n", s.minute(), s.dispatcherMb(), s.workerMb(),
                        s.agentMb(), cockpit == null ? "—" : String.format("%.1f", s.cockpitMb()), s.schemaMb(), s.logsMb(), s.stats(), s.minuteStats(), s.events(), s.done(), s.dead(), s.tasksPerSecond());
            }
            feeding.set(false);
            feeder.join(5_000);
            if (cockpit != null) {
                cockpit.destroy();
                cockpit.waitFor();
            }
        }
        System.out.println();
        summarise(samples, minutes);
        Path png = out.resolve("soak.png");
        chart(samples, png);
        System.out.println("chart: " + png.toAbsolutePath());
    }

    /** Growth over the last three quarters of the run (the last 45 minutes of an hour), after warm-up. */
    private static void summarise(List<Sample> samples, int minutes) {
        if (samples.size() < 3) {
            return;
        }
        int from = samples.size() / 4;
        Sample a = samples.get(from);
        Sample b = samples.get(samples.size() - 1);
        System.out.printf("growth from minute %.0f to minute %.0f: dispatcher %+.1f %%, worker %+.1f %%, agent %+.1f %%, cockpit %s, pampa schema %+.1f %%, logs %+.1f %%%n",
                a.minute(), b.minute(), pct(a.dispatcherMb(), b.dispatcherMb()), pct(a.workerMb(), b.workerMb()), pct(a.agentMb(), b.agentMb()),
                a.cockpitMb() == 0 ? "not run" : String.format("%+.1f %%", pct(a.cockpitMb(), b.cockpitMb())),
                pct(a.schemaMb(), b.schemaMb()), pct(a.logsMb(), b.logsMb()));
        double maxRss = samples.stream().skip(from).mapToDouble(s -> Math.max(s.dispatcherMb(), Math.max(s.workerMb(), s.agentMb()))).max().orElse(0);
        System.out.printf("largest RSS of the cluster's processes after warm-up: %.1f MB; schema %.2f to %.2f MB; logs %.2f to %.2f MB%n", maxRss,
                samples.stream().skip(from).mapToDouble(Sample::schemaMb).min().orElse(0), samples.stream().skip(from).mapToDouble(Sample::schemaMb).max().orElse(0),
                samples.stream().skip(from).mapToDouble(Sample::logsMb).min().orElse(0), samples.stream().skip(from).mapToDouble(Sample::logsMb).max().orElse(0));
    }

    private static final Path COCKPIT_OUT = Path.of("/tmp", "pampa-soak-cockpit.out");

    /**
     * The cockpit as an operator starts it (the README's command), on the soak's database through
     * PAMPA_DB, with a home of its own so the operator's ~/.pampa is untouched; its window shows the
     * dashboard, which refreshes every 2 s for the whole run.
     */
    private static Process startCockpit(Path jar, DbUrl url, Path home) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Duser.home=" + home, "-jar", jar.toAbsolutePath().toString());
        pb.environment().put("PAMPA_DB", url.withCredentials());
        pb.environment().put("PAMPA_HOME", home.toString());
        pb.redirectErrorStream(true).redirectOutput(COCKPIT_OUT.toFile());
        Process p = pb.start();
        System.out.println("cockpit: pid " + p.pid() + ", output in " + COCKPIT_OUT);
        return p;
    }

    private static double pct(double a, double b) {
        return a == 0 ? 0 : (b - a) * 100 / a;
    }

    private static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // gone: shown as 0
        }
        return 0;
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // rotated away between listing and sizing
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitFile(Path file, String text, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(file + " does not say '" + text + "' after " + timeout);
    }

    /** Two panels: RSS of the three processes (MB), then the pampa schema and the logs (MB), against minutes. */
    private static void chart(List<Sample> samples, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 900;
        int h = 620;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double maxMinute = Math.max(1, samples.get(samples.size() - 1).minute());
        boolean withCockpit = samples.stream().anyMatch(s -> s.cockpitMb() > 0);
        if (withCockpit) {
            panel(g, samples, maxMinute, 20, "RSS (MB)", new String[] {"dispatcher", "worker", "agent", "cockpit"},
                    new Color[] {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x8c564b)},
                    s -> new double[] {s.dispatcherMb(), s.workerMb(), s.agentMb(), s.cockpitMb()});
        } else {
            panel(g, samples, maxMinute, 20, "RSS (MB)", new String[] {"dispatcher", "worker", "agent"},
                    new Color[] {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)},
                    s -> new double[] {s.dispatcherMb(), s.workerMb(), s.agentMb()});
        }
        panel(g, samples, maxMinute, 320, "Size (MB)", new String[] {"pampa schema", "logs"},
                new Color[] {new Color(0x9467bd), new Color(0xff7f0e)}, s -> new double[] {s.schemaMb(), s.logsMb()});
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, List<Sample> samples, double maxMinute, int top, String title, String[] names, Color[] colors,
                              java.util.function.Function<Sample, double[]> values) {
        int left = 70;
        int width = 780;
        int height = 240;
        double max = samples.stream().flatMapToDouble(s -> java.util.Arrays.stream(values.apply(s))).max().orElse(1) * 1.15;
        g.setColor(Color.BLACK);
        g.drawString(title + " against minutes", left, top + 12);
        int y0 = top + 20 + height;
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 4; i++) {
            int y = y0 - i * height / 4;
            g.drawLine(left, y, left + width, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(max < 10 ? "%.2f" : "%.0f", max * i / 4), 10, y + 4);
            g.setColor(new Color(0xdddddd));
        }
        g.setColor(Color.DARK_GRAY);
        for (int i = 0; i <= 6; i++) {
            int x = left + i * width / 6;
            g.drawString(String.format(maxMinute < 12 ? "%.1f" : "%.0f", maxMinute * i / 6), x - 6, y0 + 16);
        }
        g.setStroke(new BasicStroke(2f));
        for (int k = 0; k < names.length; k++) {
            g.setColor(colors[k]);
            int px = -1;
            int py = -1;
            for (Sample s : samples) {
                int x = left + (int) (s.minute() / maxMinute * width);
                int y = y0 - (int) (values.apply(s)[k] / max * height);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.drawString(names[k], left + width - 120, top + 30 + k * 16);
        }
        g.setStroke(new BasicStroke(1f));
    }
}
