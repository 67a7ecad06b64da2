package dev.pampa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the end-to-end tests share: a database migrated by the runtime's {@code migrate} command, a job
 * stored by {@code job apply} from a YAML file on disk, waiting for every task of a table to end while
 * the real processes run, and stopping them all with SIGTERM.
 */
final class EndToEnd {
    private EndToEnd() {
    }

    /** A fresh database, migrated by {@code RuntimeMain migrate}. */
    static DbUrl migratedDatabase() {
        DbUrl url = TestPostgres.freshDatabase();
        CliRun run = CliRun.of("migrate", "--db", url.withCredentials());
        assertThat(run.exitCode()).as("migrate: %s", run).isZero();
        return url;
    }

    /** Writes the YAML to {@code dir/fileName} and stores it with {@code RuntimeMain job apply FILE}. */
    static CliRun apply(DbUrl url, Path dir, String fileName, String yaml) {
        Path file = dir.resolve(fileName);
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CliRun run = CliRun.of("job", "apply", file.toString(), "--db", url.withCredentials());
        assertThat(run.exitCode()).as("job apply %s: %s", file, run).isZero();
        return run;
    }

    /** The YAML with {@code key: value} in place of the parameter's line, or added when it has none. */
    static String withParameter(String yaml, String key, String value) {
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(key) + ":.*$");
        Matcher m = line.matcher(yaml);
        String replacement = Matcher.quoteReplacement(key + ": " + value);
        return m.find() ? m.replaceFirst(replacement) : yaml + (yaml.endsWith("\n") ? "" : "\n") + key + ": " + value + "\n";
    }

    static long count(Database db, String sql) {
        return ((Number) db.dsl().fetchValue(sql)).longValue();
    }

    /**
     * Waits until no row of {@code table} has {@code endColumn} NULL, checking every half second that
     * every process still runs (a process that exits early fails the test with its log).
     */
    static void awaitAllEnded(Database db, String table, String endColumn, Duration timeout, List<RuntimeProcess> processes) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String left = "SELECT count(*) FROM " + table + " WHERE " + endColumn + " IS NULL";
        while (true) {
            long open = count(db, left);
            if (open == 0) {
                return;
            }
            for (RuntimeProcess p : processes) {
                if (!p.isAlive()) {
                    throw new AssertionError(p.label() + " exited (code " + p.waitFor(Duration.ZERO) + ") with " + open
                            + " task(s) of " + table + " still open; its log ends with:\n" + p.logTail(30));
                }
            }
            if (System.nanoTime() > deadline) {
                StringBuilder m = new StringBuilder("after " + timeout.toSeconds() + " s, " + open + " task(s) of " + table + " have not ended");
                for (RuntimeProcess p : processes) {
                    m.append("\n--- ").append(p.label()).append(" log ends with:\n").append(p.logTail(15));
                }
                throw new AssertionError(m.toString());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the tasks of " + table, e);
            }
        }
    }

    /** SIGTERM to every process at once, then each must exit 0 within a minute. */
    static void stopAllAndExpectExitZero(List<RuntimeProcess> processes) {
        processes.forEach(RuntimeProcess::terminate);
        for (RuntimeProcess p : processes) {
            int code = p.waitFor(Duration.ofSeconds(60));
            assertThat(code).as("exit code of %s after SIGTERM; its log ends with:%n%s", p.label(), p.logTail(20)).isZero();
        }
    }
}
