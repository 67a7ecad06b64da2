package dev.pampa.ui.common;

import dev.pampa.control.node.ProcessLog;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A process's log followed while it is shown: its last lines, then every {@link #PERIOD} the lines
 * written since (through {@link ProcessLog#after}, which reads on into a rotated file), appended to
 * {@link #textProperty()}. Reads run on a thread of their own, one at a time, never on the FX thread;
 * at most {@link #KEEP_LINES} lines are kept. Follows one log at a time: {@link #follow} replaces the
 * one followed, {@link #stop} ends it.
 */
public final class LogFollow implements AutoCloseable {
    public static final Duration PERIOD = Duration.ofSeconds(1);
    public static final int KEEP_LINES = 5_000;

    /** Opens the log to follow (an SSH session or the local shell): off the FX thread. */
    @FunctionalInterface
    public interface Source {
        ProcessLog open() throws Exception;
    }

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pampa-log-follow");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper(false);
    private final Deque<String> kept = new ArrayDeque<>();
    private ScheduledFuture<?> reads;
    /** Which follow a read belongs to: a read of a log no longer followed is dropped. */
    private volatile long generation;

    /** On the FX thread: follows {@code source} from its last {@code lines} lines on. */
    public void follow(Source source, int lines) {
        stop();
        long mine = ++generation;
        kept.clear();
        text.set("Reading the log…");
        following.set(true);
        ProcessLog[] log = new ProcessLog[1];
        long[] soFar = {-1};
        reads = thread.scheduleWithFixedDelay(() -> {
            try {
                if (log[0] == null) {
                    log[0] = source.open();
                }
                ProcessLog.Lines read = soFar[0] < 0 ? log[0].last(lines) : log[0].after(soFar[0]);
                boolean first = soFar[0] < 0;
                soFar[0] = read.linesSoFar();
                if (first || !read.lines().isEmpty()) {
                    Background.onFx(() -> append(mine, read.lines(), first));
                }
            } catch (Exception e) {
                // no log yet (the process never started) or the node went away: said, and tried again next time
                String problem = ProblemText.of(e).toString();
                Background.onFx(() -> {
                    if (mine == generation && kept.isEmpty()) {
                        text.set(problem);
                    }
                });
            }
        }, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void append(long mine, List<String> lines, boolean first) {
        if (mine != generation) {
            return;
        }
        kept.addAll(lines);
        while (kept.size() > KEEP_LINES) {
            kept.removeFirst();
        }
        text.set(kept.isEmpty() && first ? "(the log is empty; new lines appear here as they are written)" : String.join("\n", kept));
    }

    /** On the FX thread: stops following; what was read stays shown. */
    public void stop() {
        generation++;
        if (reads != null) {
            reads.cancel(false);
            reads = null;
        }
        following.set(false);
    }

    /** The lines read so far, or why there are none. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty followingProperty() {
        return following.getReadOnlyProperty();
    }

    @Override
    public void close() {
        stop();
        thread.shutdownNow();
    }
}
