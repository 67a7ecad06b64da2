package dev.pampa.bench;

import dev.pampa.control.database.EmbeddedDefault;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.JobStore;
import dev.pampa.store.NodeStore;
import dev.pampa.testing.TestPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long the operator's commands take from the shell: each command run {@code --runs} times (10 by
 * default) as a real process, {@code java -jar pampa.jar …}, against one embedded PostgreSQL started
 * once (migrated, with the sample job, its 100,000-row table and the local node), printing min, median
 * and max per command. {@code --version} is the baseline: the JVM's start and the command line's
 * parsing, no database. Target (issue 13): node list, job list, status and job pause under 0.5 s median.
 *
 * <p>Variants run interleaved, run by run, so that whatever else loads the machine weighs on each alike:
 * {@code --variant=LABEL=JAR} (repeatable; a jar built from another commit is the "before"), and
 * {@code --variant=LABEL=JAR=JVM OPTIONS} for JVM options (e.g. the class data archive:
 * {@code -XX:SharedArchiveFile=target/pampa.jsa -Xshare:auto}). Without a variant: this build's
 * {@code target/pampa.jar}, and with its class data archive {@code target/pampa.jsa} when there is one.
 *
 * <p>{@code --record-class-list=FILE} runs each command once with {@code -XX:DumpLoadedClassList} instead
 * and writes the union of the classes they loaded to FILE: the list the build trains the class data
 * archive on ({@code app/src/cds/operator-classes.txt}). Record it again when the commands' classes change
 * much; a class the list lacks is only loaded from the jar as before, a name it has and the jar lost is skipped.
 */
public final class StartupBenchmark {
    private static final String JOB = EmbeddedDefault.SAMPLE.name();

    private record Variant(String label, Path jar, List<String> jvmOptions) {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int runs = 10;
        Path recordTo = null;
        List<Variant> variants = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--record-class-list=")) {
                recordTo = Path.of(a.substring("--record-class-list=".length())).toAbsolutePath();
            } else if (a.startsWith("--runs=")) {
                runs = Integer.parseInt(a.substring("--runs=".length()));
            } else if (a.startsWith("--variant=")) {
                String[] parts = a.substring("--variant=".length()).split("=", 3);
                variants.add(new Variant(parts[0], Path.of(parts[1]).toAbsolutePath(),
                        parts.length > 2 && !parts[2].isBlank() ? Arrays.asList(parts[2].trim().split("\\s+")) : List.of()));
            } else {
                throw new IllegalArgumentException("unknown argument " + a + " — give --runs=N and --variant=LABEL=JAR[=JVM OPTIONS]");
            }
        }
        if (variants.isEmpty()) {
            Path jar = Path.of("target/pampa.jar").toAbsolutePath();
            variants.add(new Variant("this build", jar, List.of()));
            Path jsa = jar.resolveSibling("pampa.jsa");
            if (Files.isRegularFile(jsa)) {
                variants.add(new Variant("this build + class data archive", jar, List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto")));
            }
        }
        for (Variant v : variants) {
            if (!Files.isRegularFile(v.jar())) {
                throw new IllegalStateException(v.jar() + " is missing: build it with ./mvnw -q -pl app -am package -DskipTests");
            }
        }

        Path dir = Files.createTempDirectory("pampa-startup-bench");
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = Database.open(url, 2, "bench")) {
            db.migrate();
            EmbeddedDefault.SAMPLE.tableScript().runOn(db);
            new JobStore(db.dsl()).save(EmbeddedDefault.SAMPLE.spec());
            new NodeStore(db.dsl()).save(EmbeddedDefault.localNode());
        }
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("--version (baseline: no database)", List.of("--version"));
        commands.put("node list", List.of("node", "list"));
        commands.put("node show local", List.of("node", "show", "local"));
        commands.put("job list", List.of("job", "list"));
        commands.put("job pause / resume", List.of("job", "pause", JOB));
        commands.put("status (database and the local node's pid files)", List.of("status"));
        if (recordTo != null) {
            commands.put("status --json", List.of("status", "--json"));
            commands.put("node list --json", List.of("node", "list", "--json"));
            commands.put("--help", List.of("--help"));
            record(dir, variants.get(0), commands, url, recordTo);
            return;
        }

        System.out.printf("Pampa startup benchmark — %d cores, %d runs per command and variant, load average %s at the start%n",
                Runtime.getRuntime().availableProcessors(), runs, load());
        for (Variant v : variants) {
            System.out.printf("  %s: %s %s%n", v.label(), v.jar(), String.join(" ", v.jvmOptions()));
        }
        Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                for (Variant v : variants) {
                    List<String> command = c.getValue();
                    if (command.get(0).equals("job")) {
                        // alternate, so that every run changes the flag
                        command = List.of("job", run % 2 == 0 ? "pause" : "resume", JOB);
                    }
                    double seconds = time(dir, v, command, command.get(0).startsWith("--") ? null : url);
                    times.computeIfAbsent(c.getKey(), k -> new LinkedHashMap<>()).computeIfAbsent(v.label(), k -> new ArrayList<>()).add(seconds);
                }
            }
        }
        System.out.printf("%nload average %s at the end%n%n", load());
        System.out.printf("| command | variant | min | median | max |%n|---|---|---:|---:|---:|%n");
        for (Map.Entry<String, Map<String, List<Double>>> c : times.entrySet()) {
            for (Map.Entry<String, List<Double>> v : c.getValue().entrySet()) {
                List<Double> t = new ArrayList<>(v.getValue());
                t.sort(Double::compare);
                System.out.printf("| %s | %s | %.2f s | **%.2f s** | %.2f s |%n", c.getKey(), v.getKey(), t.get(0), median(t), t.get(t.size() - 1));
            }
        }
    }

    private static void record(Path dir, Variant v, Map<String, List<String>> commands, DbUrl url, Path to) throws Exception {
        java.util.Set<String> classes = new java.util.LinkedHashSet<>();
        int n = 0;
        for (List<String> command : commands.values()) {
            Path list = dir.resolve("classes-" + (++n) + ".txt");
            List<String> jvm = new ArrayList<>(v.jvmOptions());
            jvm.add("-XX:DumpLoadedClassList=" + list);
            time(dir, new Variant(v.label(), v.jar(), jvm), command, command.get(0).startsWith("--") ? null : url);
            Files.readAllLines(list).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(classes::add);
        }
        List<String> lines = new ArrayList<>();
        lines.add("# The classes the operator's one-shot commands load (" + String.join(", ", commands.keySet()) + "),");
        lines.add("# recorded with -XX:DumpLoadedClassList by dev.pampa.bench.StartupBenchmark --record-class-list; the build");
        lines.add("# dumps target/pampa.jsa from it, the installer /opt/pampa/lib/app/pampa.jsa.");
        lines.addAll(classes);
        Files.createDirectories(to.getParent());
        Files.write(to, lines);
        System.out.printf("%d classes of %d commands written to %s%n", classes.size(), commands.size(), to);
    }

    private static double time(Path dir, Variant v, List<String> command, DbUrl url) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(v.jvmOptions());
        line.addAll(List.of("-Duser.home=" + home, "-jar", v.jar().toString()));
        line.addAll(command);
        if (url != null) {
            line.addAll(List.of("--db", url.withCredentials()));
        }
        Path output = dir.resolve("output.txt");
        ProcessBuilder pb = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("PAMPA_HOME", home.resolve(".pampa").toString());
        pb.environment().remove("PAMPA_DB");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 120 s");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(v.label() + ": " + String.join(" ", command) + " exited " + p.exitValue() + ":\n" + Files.readString(output));
        }
        return seconds;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String load() {
        return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
