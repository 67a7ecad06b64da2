package dev.pampa.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.concurrent.ScheduledService;
import javafx.concurrent.Task;
import javafx.util.Duration;

/**
 * A screen's periodic read: runs {@code read} off the FX thread every {@code period}, hands the
 * result to {@code show} on the FX thread, never two reads at once. A failed read (the database went
 * away) is reported and the refresh goes on, so the screen recovers when the database comes back.
 */
public final class PeriodicRefresh<T> {
    private final ScheduledService<T> service;
    private final java.util.concurrent.ExecutorService thread;
    private final Callable<T> read;
    private final Consumer<T> show;
    private final Consumer<Throwable> failed;

    public PeriodicRefresh(String name, java.time.Duration period, Callable<T> read, Consumer<T> show, Consumer<Throwable> failed) {
        this.read = read;
        this.show = show;
        this.failed = failed;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pampa-refresh-" + name);
            t.setDaemon(true);
            return t;
        });
        service = new ScheduledService<>() {
            @Override
            protected Task<T> createTask() {
                return new Task<>() {
                    @Override
                    protected T call() throws Exception {
                        return read.call();
                    }
                };
            }
        };
        service.setPeriod(Duration.millis(period.toMillis()));
        service.setRestartOnFailure(true);
        service.setMaximumFailureCount(Integer.MAX_VALUE);
        service.setExecutor(thread);
        service.setOnSucceeded(e -> show.accept(service.getValue()));
        service.setOnFailed(e -> failed.accept(service.getException()));
    }

    /** Starts, or reads again at once if running. */
    public void start() {
        if (service.isRunning()) {
            return;
        }
        service.restart();
    }

    public void stop() {
        service.cancel();
    }

    /** A read now, without waiting for the period (after an action changed what is shown). */
    public void now() {
        // restart() while the service waits for its next period trips an assertion inside JavaFX's
        // ScheduledService; a one-off read on the same thread keeps reads one at a time without it
        thread.execute(() -> {
            try {
                T value = read.call();
                javafx.application.Platform.runLater(() -> show.accept(value));
            } catch (Exception e) {
                javafx.application.Platform.runLater(() -> failed.accept(e));
            }
        });
    }

    public boolean isRunning() {
        return service.isRunning();
    }
}
