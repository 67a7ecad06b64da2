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
 * Runs processors on a thread of their own, so that one that hangs past its limit is abandoned
 * instead of hanging the worker: the try is recorded as failed and the worker goes on.
 */
final class ProcessorRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorRunner.class);
    private ExecutorService thread = newThread();

    /** What one try came to: null failure means done. */
    record Result(Throwable failure, boolean timedOut, long nanos) {
    }

    private static ExecutorService newThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "processor");
            t.setDaemon(true);
            return t;
        });
    }

    Result run(TaskProcessor processor, Task task, TaskContext ctx, long limitMillis) {
        long t0 = System.nanoTime();
        Future<?> f = thread.submit(() -> {
            processor.process(task, ctx);
            return null;
        });
        try {
            f.get(limitMillis, TimeUnit.MILLISECONDS);
            return new Result(null, false, System.nanoTime() - t0);
        } catch (ExecutionException e) {
            return new Result(e.getCause() == null ? e : e.getCause(), false, System.nanoTime() - t0);
        } catch (TimeoutException e) {
            f.cancel(true);
            abandonIfStuck(task);
            return new Result(new TimeoutException("timed out: the processor ran longer than max_job_duration_minutes ("
                    + (limitMillis / 60_000) + ") and was interrupted"), true, System.nanoTime() - t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return new Result(e, false, System.nanoTime() - t0);
        }
    }

    /** A processor that ignores interruption keeps its thread; the next tasks get a fresh one. */
    private void abandonIfStuck(Task task) {
        ExecutorService old = thread;
        old.shutdown();
        try {
            if (!old.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the processor of {} ignores interruption; leaving its thread behind and going on with a new one", task);
                thread = newThread();
            } else {
                thread = newThread();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread = newThread();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
