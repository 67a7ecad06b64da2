package dev.pampa.testkit;

import dev.pampa.cli.RuntimeVersion;
import dev.pampa.dispatch.Dispatcher;
import dev.pampa.dispatch.DispatcherSettings;
import dev.pampa.model.JobSpec;
import dev.pampa.report.JobProgress;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.TaskTable;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import dev.pampa.work.Worker;
import dev.pampa.work.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runtime's dispatcher and workers as threads of the test's JVM, each with its own connection pool
 * as each has in its own process on a node. Stopping them is what SIGTERM does: each worker finishes
 * the task in hand, gives its queue back and deregisters.
 */
final class InProcessCluster {
    private static final long POLL_MILLIS = 100;
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final DbUrl url;
    private final Path jobsDirectory;
    private final int workers;

    InProcessCluster(DbUrl url, Path jobsDirectory, int workers) {
        this.url = url;
        this.jobsDirectory = jobsDirectory;
        this.workers = workers;
    }

    JobOutcome runToEnd(JobSpec job, Duration timeout) {
        TaskTable table = new TaskTable(job);
        StopSignal stop = new StopSignal();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Database> pools = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (Database watcher = Database.open(url, 1, "job test watcher")) {
            JobsPath jobsPath = JobsPath.of(jobsDirectory);
            Database dispatcherPool = open(pools, "dispatcher");
            threads.add(thread("dispatcher", failure,
                    () -> new Dispatcher(dispatcherPool, "test", jobsPath, DispatcherSettings.defaults(), stop).run()));
            for (int i = 1; i <= workers; i++) {
                String name = "test." + i;
                Database workerPool = open(pools, "worker " + name);
                threads.add(thread(name, failure,
                        () -> new Worker(workerPool, name, RuntimeVersion.current(), jobsPath, WorkerSettings.defaults(), stop).run()));
            }
            threads.forEach(Thread::start);

            long deadline = System.nanoTime() + timeout.toNanos();
            JobProgress counts = table.progress(watcher.dsl());
            while (counts.pending() + counts.queued() + counts.running() > 0) {
                if (failure.get() != null) {
                    throw new AssertionError("the runtime failed while running job " + job.name() + " (" + describe(counts) + ")", failure.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("job " + job.name() + " did not end within " + timeout.toSeconds() + " s: " + describe(counts)
                            + " — a processor that blocks, or a retry_delay_seconds longer than the test allows, keeps tasks open");
                }
                sleep();
                counts = table.progress(watcher.dsl());
            }
            return new JobOutcome(counts.done(), counts.dead());
        } finally {
            stop.request();
            joinAll(threads);
            pools.forEach(Database::close);
        }
    }

    private Database open(List<Database> pools, String name) {
        Database d = Database.open(url, WorkerSettings.defaults().poolSize(), name);
        pools.add(d);
        return d;
    }

    private static Thread thread(String name, AtomicReference<Throwable> failure, Runnable loop) {
        Thread t = new Thread(loop, "pampa " + name);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
        return t;
    }

    private static void joinAll(List<Thread> threads) {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                // a daemon: it cannot keep the test's JVM alive; say which one did not stop, for the processor's author
                System.err.println("pampa test kit: " + t.getName() + " did not stop within " + STOP_WAIT.toSeconds()
                        + " s of the stop request: its task in hand does not return");
            }
        }
    }

    private static String describe(JobProgress c) {
        return c.done() + " done, " + c.dead() + " dead, " + c.pending() + " pending (" + c.retrying() + " of them retrying), "
                + c.queued() + " queued, " + c.running() + " running";
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the job's tasks", e);
        }
    }
}
