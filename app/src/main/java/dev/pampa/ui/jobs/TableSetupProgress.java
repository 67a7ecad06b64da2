package dev.pampa.ui.jobs;

import dev.pampa.model.ddl.DdlListener;
import dev.pampa.model.ddl.DdlStep;
import dev.pampa.model.ddl.IndexBuildProgress;
import dev.pampa.model.ddl.LockRetry;
import dev.pampa.ui.common.Background;
import java.time.Duration;
import java.util.List;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Where the DDL offer is while it runs, for the job editor's bar: the whole offer's share done (each
 * step weighed by its expected time, an index build by pg_stat_progress_create_index) and a line saying
 * the step, and any retry on a busy table. Hears the DDL on a background thread; its properties change
 * on the FX thread.
 */
final class TableSetupProgress implements DdlListener {
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final LockRetry retry;
    private List<DdlStep> steps = List.of();
    private long totalMillis;
    private long doneMillis;
    private int index;

    TableSetupProgress(LockRetry retry) {
        this.retry = retry;
    }

    /** Starts over for the steps about to run; called on the FX thread. */
    void begin(List<DdlStep> planned) {
        steps = List.copyOf(planned);
        totalMillis = Math.max(1, steps.stream().mapToLong(s -> weight(s)).sum());
        doneMillis = 0;
        index = 0;
        fraction.set(0);
        text.set("Starting…");
    }

    private static long weight(DdlStep step) {
        return Math.max(1, step.expected().toMillis());
    }

    /** The offer's share done, 0 to 1; -1 when none runs (the bar is hidden). */
    ReadOnlyDoubleProperty fractionProperty() {
        return fraction.getReadOnlyProperty();
    }

    /** "Step 2 of 4: build index … concurrently — building index: scanning table (41% of 19,112 blocks), about 3 s left". */
    ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    void end(String outcome) {
        fraction.set(-1);
        text.set(outcome);
    }

    @Override
    public void starting(DdlStep step) {
        Background.onFx(() -> {
            index = Math.min(index + 1, Math.max(1, steps.size()));
            text.set("Step " + index + " of " + steps.size() + ": " + step.title() + "…");
        });
    }

    @Override
    public void retrying(DdlStep step, int failedAttempt, int attempts, Duration pause) {
        Background.onFx(() -> text.set("Step " + index + " of " + steps.size() + ": table busy — try " + failedAttempt + " of "
                + attempts + " waited " + LockRetry.text(retry.lockTimeout()) + " for its " + step.kind().lock()
                + " lock and gave way; next try in " + DdlStep.duration(pause)));
    }

    @Override
    public void indexProgress(DdlStep step, IndexBuildProgress progress, Duration elapsed) {
        double f = progress.fraction();
        String left = f > 0.05 ? ", about " + DdlStep.duration(Duration.ofMillis(Math.round(elapsed.toMillis() * (1 - f) / f))) + " left" : "";
        Background.onFx(() -> {
            fraction.set(Math.min(1, (doneMillis + f * weight(step)) / (double) totalMillis));
            text.set("Step " + index + " of " + steps.size() + ": " + step.title() + " — " + progress.text() + left);
        });
    }

    @Override
    public void finished(DdlStep step, Duration took) {
        Background.onFx(() -> {
            doneMillis += weight(step);
            fraction.set(Math.min(1, doneMillis / (double) totalMillis));
        });
    }
}
