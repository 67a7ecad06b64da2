package dev.pampa.cli;

import dev.pampa.model.ddl.DdlListener;
import dev.pampa.model.ddl.DdlStep;
import dev.pampa.model.ddl.IndexBuildProgress;
import dev.pampa.model.ddl.LockRetry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * What {@code job apply --create-columns} prints while it prepares a table: each step as it starts, each
 * retry on a busy table, and for an index build running longer than a second a progress line each
 * second. Whole lines, not a line redrawn in place: the output is often a log or a pipe.
 */
final class DdlProgressPrinter implements DdlListener {
    private static final long QUIET_FOR_NANOS = Duration.ofSeconds(1).toNanos();

    private final PrintWriter out;
    private final LockRetry retry;
    private final int steps;
    private int step;
    private long lastPrinted;

    DdlProgressPrinter(PrintWriter out, LockRetry retry, int steps) {
        this.out = out;
        this.retry = retry;
        this.steps = steps;
    }

    @Override
    public synchronized void starting(DdlStep s) {
        step++;
        out.println("-- step " + step + "/" + steps + ": " + s.title()
                + (s.kind() == DdlStep.Kind.CREATE_INDEX ? " (about " + DdlStep.duration(s.expected()) + ")" : ""));
        out.flush();
        lastPrinted = System.nanoTime();
    }

    @Override
    public synchronized void retrying(DdlStep s, int failedAttempt, int attempts, Duration pause) {
        out.println("--   table busy: try " + failedAttempt + " of " + attempts + " waited " + LockRetry.text(retry.lockTimeout())
                + " for its " + s.kind().lock() + " lock and gave way (writers were not held up longer); next try in "
                + DdlStep.duration(pause));
        out.flush();
    }

    @Override
    public synchronized void indexProgress(DdlStep s, IndexBuildProgress progress, Duration elapsed) {
        long now = System.nanoTime();
        if (elapsed.toNanos() < QUIET_FOR_NANOS || now - lastPrinted < QUIET_FOR_NANOS) {
            return;
        }
        lastPrinted = now;
        double fraction = progress.fraction();
        String left = fraction > 0.05
                ? ", about " + DdlStep.duration(Duration.ofMillis(Math.round(elapsed.toMillis() * (1 - fraction) / fraction))) + " left"
                : "";
        out.println(String.format(Locale.US, "--   %3d%% %s, %s%s", Math.round(fraction * 100), progress.text(),
                DdlStep.duration(elapsed), left));
        out.flush();
    }

    @Override
    public synchronized void finished(DdlStep s, Duration took) {
        if (took.toMillis() >= 1000) {
            out.println("--   done in " + DdlStep.duration(took));
            out.flush();
        }
    }
}
