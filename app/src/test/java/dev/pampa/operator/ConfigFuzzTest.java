package dev.pampa.operator;

import dev.pampa.cli.ExitCode;
import dev.pampa.store.Database;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random job and node YAML through the operator's real command lines ({@code pampa job apply --dry-run
 * FILE}, {@code pampa node add --file FILE}) against a real PostgreSQL: every run ends with one of the
 * documented exit codes, and nothing resembling a stack trace or a bare exception reaches the
 * terminal. Seeded and bounded: {@value #CASES} cases or {@value #BUDGET_SECONDS} s, whichever comes first;
 * a failure names the seed and the case, and the file it fed.
 */
class ConfigFuzzTest {
    static final long SEED = 20_261_130L;
    static final int CASES = 300;
    static final int BUDGET_SECONDS = 60;

    private static final List<String> JOB_KEYS = List.of("name", "table", "field_primary_key", "field_id", "field_time", "field_times",
            "field_start_time", "field_end_time", "field_success", "field_error_description", "queue_size",
            "max_job_duration_minutes", "max_try_times", "retry_delay_seconds", "processor", "selecting_function",
            "relaunching_function", "occupied_function", "allowing_function", "max_pending_tasks", "max_assigned_workers", "filter_worker_id");
    private static final List<String> NODE_KEYS = List.of("name", "host", "port", "user", "auth", "max_workers", "java_command",
            "base_dir", "max_ram", "max_cpu");
    private static final List<String> ATOMS = List.of("", "~", "null", "0", "-1", "1", "5", "65536", "2147483648", "99999999999999999999",
            "1.5", "true", "no", "'x'", "\"\\0\"", "\"\\e[2Jowned\"", "\"\\u0000\"", "items", "public.items", "\"a.b\"", "\"\\\"q\\\"\"",
            "dev.pampa.sample.OddNumbers", "java.lang.Runtime", "n01", "n01.1", "local", "localhost", "key", "password", "/tmp/x",
            "(.*a){20}\\.9", "'[unclosed'", "[]", "{}", "[1, 2]", "{a: 1}", "*anchor", "&anchor x", "!!java.lang.Object {}", "!!binary AAAA",
            "|\n  block\n  text", ">-\n  folded", "'" + "é".repeat(40) + "'", "x".repeat(70), "'" + "long ".repeat(300) + "'",
            "\"\\uD800\"", "0x1F", "0o17", "1e9", ".inf", "-.nan", "2026-11-30", "'#comment'", "@", "`", "%", "? complex\n: key");
    private static final Set<Integer> DOCUMENTED = documentedExitCodes();
    private static final Pattern STACK = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception in thread|^Caused by: |\\.\\.\\. \\d+ more");
    private static final Pattern BARE_EXCEPTION = Pattern.compile("(?m)^pampa: [A-Z]\\w*(Exception|Error)\\b");

    @TempDir
    Path dir;

    @Test
    void randomJobAndNodeYamlEndWithADocumentedCodeAndNoStackTrace() throws Exception {
        Random random = new Random(SEED);
        long deadline = System.nanoTime() + BUDGET_SECONDS * 1_000_000_000L;
        List<String> findings = new ArrayList<>();
        int ran = 0;
        java.util.Map<Integer, Integer> byCode = new java.util.TreeMap<>();
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        try (Database db = TestPostgres.migratedDatabase()) {
            String url = db.url().withCredentials();
            // a table the nearly valid jobs fit, so that runs get past the YAML into the database's checks
            dev.pampa.testing.TaskTables.create(db, "items", 10);
            for (int i = 0; i < CASES && System.nanoTime() < deadline; i++) {
                boolean job = i % 2 == 0;
                byte[] yaml = mutate(random, job ? document(random, JOB_KEYS, true) : document(random, NODE_KEYS, false));
                Path file = dir.resolve("case-" + i + (job ? ".job.yaml" : ".node.yaml"));
                Files.write(file, yaml);
                ByteArrayOutputStream terminal = new ByteArrayOutputStream();
                PrintStream capture = new PrintStream(terminal, true, StandardCharsets.UTF_8);
                CliRun run;
                System.setOut(capture);
                System.setErr(capture);
                try {
                    run = job ? CliRun.on(new OperatorMain(), "job", "apply", "--dry-run", file.toString(), "--db", url)
                            : CliRun.on(new OperatorMain(), "node", "add", "--file", file.toString(), "--db", url);
                } finally {
                    System.setOut(realOut);
                    System.setErr(realErr);
                }
                ran++;
                byCode.merge(run.exitCode(), 1, Integer::sum);
                String everything = run.out() + run.err() + terminal.toString(StandardCharsets.UTF_8);
                if (!DOCUMENTED.contains(run.exitCode())) {
                    findings.add("case " + i + ": undocumented exit " + run.exitCode());
                }
                if (STACK.matcher(everything).find()) {
                    findings.add("case " + i + ": a stack trace");
                }
                if (BARE_EXCEPTION.matcher(everything).find()) {
                    findings.add("case " + i + ": a bare exception");
                }
                if (findings.size() > 0 && findings.get(findings.size() - 1).startsWith("case " + i + ":")) {
                    findings.add("  seed " + SEED + ", file:\n" + new String(yaml, StandardCharsets.UTF_8) + "\n  output:\n" + everything);
                }
            }
        }
        realOut.println("config fuzz: " + ran + " case(s), exit codes " + byCode);
        assertThat(ran).as("cases run within the budget").isGreaterThanOrEqualTo(100);
        assertThat(findings).as(String.join("\n", findings)).isEmpty();
    }

    /** A document of known and unknown keys with values drawn from {@link #ATOMS}, sometimes close to valid. */
    private static String document(Random r, List<String> keys, boolean job) {
        StringBuilder b = new StringBuilder();
        if (r.nextInt(3) == 0) {
            // nearly valid: the fields that make a document, with one value spoiled below
            b.append(job ? "name: fuzz\ntable: items\nprocessor: dev.pampa.sample.OddNumbers\n"
                    : "name: f" + r.nextInt(1000) + "\nhost: 10.0.0." + r.nextInt(256) + "\nuser: pampa\n");
        }
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            String key = r.nextInt(10) == 0 ? "unknown_" + r.nextInt(5) : keys.get(r.nextInt(keys.size()));
            b.append(key).append(": ").append(ATOMS.get(r.nextInt(ATOMS.size()))).append('\n');
        }
        if (r.nextInt(10) == 0) {
            b.append("---\nname: second\n");
        }
        return b.toString();
    }

    /** Byte-level damage to some documents: cut, flipped, a tab or NUL dropped in, or a whole other shape. */
    private static byte[] mutate(Random r, String doc) {
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        switch (r.nextInt(8)) {
            case 0 -> {
                return java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0 : r.nextInt(bytes.length));
            }
            case 1 -> {
                for (int k = 0; k < 3 && bytes.length > 0; k++) {
                    bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
                }
                return bytes;
            }
            case 2 -> {
                return (doc.replaceFirst(": ", ":\t") + "\u0000").getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                return List.of("[1, 2, 3]\n", "just text\n", "", "{", "- a\n- b\n", "a: &x [*x]\n", "a: b: c\n", "\uFEFFname: bom\n")
                        .get(r.nextInt(8)).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                return bytes;
            }
        }
    }

    private static Set<Integer> documentedExitCodes() {
        Set<Integer> codes = new HashSet<>();
        for (Field f : ExitCode.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    codes.add(f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return codes;
    }
}
