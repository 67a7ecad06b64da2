package dev.pampa.testing;

import dev.pampa.store.DbUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator's application, as far as applying a job can hurt it: one connection of its own that
 * inserts a row into a table every few milliseconds, each in its own transaction, and times each insert
 * from the call to the commit's return. An insert held off by a lock shows as a long one.
 */
public final class LiveWriter implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement insert;
    private final long pauseMillis;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Long> waitsNanos = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile SQLException failure;
    private long nextId;

    /**
     * @param insertSql an INSERT with one parameter, the new row's key
     * @param firstId   the first key it inserts; each insert takes the next one
     */
    public LiveWriter(DbUrl url, String insertSql, long firstId, long pauseMillis) throws SQLException {
        this.connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        this.insert = connection.prepareStatement(insertSql);
        this.pauseMillis = pauseMillis;
        this.nextId = firstId;
        this.thread = new Thread(this::loop, "live-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running.get()) {
            try {
                long start = System.nanoTime();
                insert.setLong(1, nextId++);
                insert.executeUpdate();
                waitsNanos.add(System.nanoTime() - start);
                Thread.sleep(pauseMillis);
            } catch (SQLException e) {
                failure = e;
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Drops the waits timed so far: what follows is timed afresh. */
    public void reset() {
        waitsNanos.clear();
    }

    /** Stops inserting and gives the waits timed since the start (or the last {@link #reset()}). */
    public Waits stop() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
        if (failure != null) {
            throw new IllegalStateException("the live writer's insert failed: " + failure.getMessage(), failure);
        }
        synchronized (waitsNanos) {
            return Waits.of(waitsNanos);
        }
    }

    @Override
    public void close() throws SQLException {
        running.set(false);
        connection.close();
    }

    /** Inserts timed, and their longest and median wait. */
    public record Waits(int inserts, double maxMillis, double medianMillis, double p99Millis) {
        static Waits of(List<Long> nanos) {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return new Waits(0, 0, 0, 0);
            }
            return new Waits(sorted.size(), sorted.get(sorted.size() - 1) / 1e6, sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6);
        }

        @Override
        public String toString() {
            return String.format(Locale.US, "%d inserts, max %.1f ms, median %.1f ms, p99 %.1f ms", inserts, maxMillis, medianMillis, p99Millis);
        }
    }
}
