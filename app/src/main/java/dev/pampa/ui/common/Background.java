package dev.pampa.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

/**
 * The one way the cockpit runs work off the FX thread: a call becomes a {@link Task} on a pool of
 * daemon threads, its result and its failure come back on the FX thread, and what is running is
 * counted for the status bar. Slow work (SSH, deploys, queries) must go through here, never run on
 * the FX thread, which would freeze the window.
 */
public final class Background implements AutoCloseable {
    private final ExecutorService pool;
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper lastOperation = new ReadOnlyStringWrapper("");

    public Background() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "pampa-cockpit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        pool = Executors.newCachedThreadPool(threads);
    }

    /** A unit of work that can report progress (0..1, or negative when unknown) and a message. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    /** How work reports where it is; safe to call from the worker thread. */
    public interface Progress {
        void update(double fraction, String message);

        default void message(String message) {
            update(-1, message);
        }

        default boolean cancelled() {
            return false;
        }
    }

    /**
     * Runs {@code work} off the FX thread.
     *
     * @param operation what it does, for the status bar ("Deploying to n01")
     * @param done      gets the result on the FX thread
     * @param failed    gets the failure on the FX thread
     */
    public <T> Task<T> run(String operation, Work<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                Progress progress = new Progress() {
                    @Override
                    public void update(double fraction, String message) {
                        if (fraction >= 0) {
                            updateProgress(fraction, 1);
                        } else {
                            updateProgress(-1, 1);
                        }
                        if (message != null) {
                            updateMessage(message);
                        }
                    }

                    @Override
                    public boolean cancelled() {
                        return isCancelled();
                    }
                };
                return work.run(progress);
            }
        };
        task.setOnSucceeded(e -> {
            finished();
            done.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            finished();
            failed.accept(task.getException());
        });
        task.setOnCancelled(e -> finished());
        onFx(() -> {
            running.set(running.get() + 1);
            lastOperation.set(operation);
        });
        pool.execute(task);
        return task;
    }

    /** As {@link #run(String, Work, Consumer, Consumer)}, for work that needs no progress. */
    public <T> Task<T> call(String operation, Callable<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        return run(operation, p -> work.call(), done, failed);
    }

    private void finished() {
        running.set(Math.max(0, running.get() - 1));
        if (running.get() == 0) {
            lastOperation.set("");
        }
    }

    /** Operations running now. */
    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The operation started last, while any runs. */
    public ReadOnlyStringProperty operationProperty() {
        return lastOperation.getReadOnlyProperty();
    }

    /** Runs {@code action} on the FX thread: now if this is it, else soon. */
    public static void onFx(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
