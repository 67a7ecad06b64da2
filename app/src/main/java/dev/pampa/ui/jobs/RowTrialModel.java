package dev.pampa.ui.jobs;

import dev.pampa.jobs.RowTrials;
import dev.pampa.report.RowTrialOutcome;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.common.ProblemText;
import java.time.Duration;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Run on one row: the selected job's processor on the row whose key the operator typed, in a process
 * of its own ({@link RowTrials}), its outcome shown; written only once the operator confirmed it.
 */
public final class RowTrialModel {
    private final CockpitSession session;
    private final RowTrials trials;
    private final Duration timeout;
    private final Runnable written;
    private final StringProperty key = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<RowTrialOutcome> last = new ReadOnlyObjectWrapper<>();

    /**
     * @param said    hears one line on how the trial went, for the screen's message
     * @param written called on the FX thread once an outcome was written
     */
    public RowTrialModel(CockpitSession session, RowTrials trials, Duration timeout, java.util.function.Consumer<String> said, Runnable written) {
        this.session = session;
        this.trials = trials;
        this.timeout = timeout;
        this.said = said;
        this.written = written;
    }

    private final java.util.function.Consumer<String> said;

    /** Runs the job's processor on the row of the typed key; the outcome is shown, then written if the operator says so. */
    public void run(String job) {
        String k = key.get() == null ? "" : key.get().trim();
        if (job == null || k.isEmpty() || busy.get()) {
            return;
        }
        busy.set(true);
        said.accept("Running the processor of " + job + " on row " + k + " in a process of its own (nothing is written)…");
        session.background().call("Run on one row of " + job, () -> trials.dryRun(job, k, timeout), outcome -> {
            busy.set(false);
            last.set(outcome);
            String title = "Run on one row: task " + k + " of " + job;
            if (!outcome.writable()) {
                said.accept(firstLine(outcome) + " Nothing was written.");
                session.dialogs().showInfo(title, outcome.describe() + "\n\nNothing was written.");
                return;
            }
            if (!session.dialogs().confirm(title, "Write this outcome to task " + k + "?", outcome.describe()
                    + "\n\nNothing is written yet. Writing ends the task done with these columns; the processor does not run again.")) {
                said.accept(firstLine(outcome) + " Not written.");
                return;
            }
            session.background().call("Writing task " + k + " of " + job, () -> trials.write(job, k, outcome, "the cockpit"), o -> {
                said.accept(Character.toUpperCase(o.message().charAt(0)) + o.message().substring(1) + ".");
                written.run();
            }, failure -> said.accept("Writing task " + k + " failed: " + ProblemText.of(failure)));
        }, failure -> {
            busy.set(false);
            said.accept("Run on one row failed: " + ProblemText.of(failure));
        });
    }

    private static String firstLine(RowTrialOutcome o) {
        return o.describe().lines().findFirst().orElse("");
    }

    /** The key of the row to try, as typed. */
    public StringProperty keyProperty() {
        return key;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The last trial's outcome, null before the first. */
    public ReadOnlyObjectProperty<RowTrialOutcome> lastProperty() {
        return last.getReadOnlyProperty();
    }
}
