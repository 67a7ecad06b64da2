package dev.pampa.work;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs processors on a thread of their own, so that one that hangs past its limit is interrupted
 * instead of hanging the worker: the try is recorded as failed. A processor that ignores the
 * interruption keeps its thread, which nothing in the JVM can end: the result says so
 * ({@link Result#threadLeft}), and the worker then hands back what it holds and exits to be restarted,
 * rather than going on with a thread (and whatever it holds) leaked for the rest of its life.
 */
final class ProcessorRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorRunner.class);
    private ExecutorService thread = newThread();

    /** How long an interrupted processor has to end before its thread counts as left behind. */
    static final long STOP_WAIT_MILLIS = 5_000;

    /** The failure a timed-out try is recorded with, whichever way the processor ran. */
    static TimeoutException timeout(long limitMillis, boolean ignored) {
        return new TimeoutException("timed out: the processor ran longer than max_job_duration_minutes (" + (limitMillis / 60_000)
                + ") and was interrupted" + (ignored ? ", which it ignored" : ""));
    }

    /** What one try came to: null failure means done; threadLeft when the processor ignored the interruption. */
    record Result(Throwable failure, boolean timedOut, long nanos, boolean threadLeft) {
        Result(Throwable failure, boolean timedOut, long nanos) {
            this(failure, timedOut, nanos, false);
        }
    }

    private static ExecutorService newThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "processor");
            t.setDaemon(true);
            return t;
        });
    }

    Result run(TaskProcessor processor, Task task, TaskContext ctx, long limitMillis) {
        return run(processor, task, ctx, limitMillis, limitMillis, () -> { });
    }

    /**
     * Runs the try; should it still run after {@code longMillis}, calls {@code whileLong} once on this
     * thread (the worker hands back what waits behind it), then waits out the limit.
     */
    Result run(TaskProcessor processor, Task task, TaskContext ctx, long limitMillis, long longMillis, Runnable whileLong) {
        long t0 = System.nanoTime();
        Future<?> f = thread.submit(() -> {
            processor.process(task, ctx);
            return null;
        });
        try {
            if (longMillis < limitMillis) {
                try {
                    f.get(longMillis, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    whileLong.run();
                }
            }
            f.get(Math.max(1, limitMillis - (System.nanoTime() - t0) / 1_000_000), TimeUnit.MILLISECONDS);
            return new Result(null, false, System.nanoTime() - t0);
        } catch (ExecutionException e) {
            return new Result(e.getCause() == null ? e : e.getCause(), false, System.nanoTime() - t0);
        } catch (TimeoutException e) {
            f.cancel(true);
            boolean left = abandonIfStuck(task);
            return new Result(timeout(limitMillis, left), true, System.nanoTime() - t0, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return new Result(e, false, System.nanoTime() - t0);
        }
    }

    /** True when the interrupted processor did not end: its thread is left behind. The next tasks get a fresh one. */
    private boolean abandonIfStuck(Task task) {
        ExecutorService old = thread;
        old.shutdown();
        thread = newThread();
        try {
            if (!old.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.error("the processor of {} ignores interruption: its thread cannot be stopped", task);
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
