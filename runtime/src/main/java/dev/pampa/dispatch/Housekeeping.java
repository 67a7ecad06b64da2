package dev.pampa.dispatch;

import dev.pampa.store.Database;
import dev.pampa.store.HistoryRetention;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease holder's upkeep of the history ({@link RetentionSettings}): due every minute, between
 * rounds, each step a batch of its own short statement so that a year of backlog after an upgrade
 * is worked off over many passes rather than in one long transaction.
 */
final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    /** Ten hours of 5 s snapshots per batch, or 20 days of minutes. */
    private static final int MINUTES_PER_BATCH = 60;
    private static final int HOURS_PER_BATCH = 24;

    private final Database db;
    private final RetentionSettings settings;
    private long lastRun;

    Housekeeping(Database db, RetentionSettings settings) {
        this.db = db;
        this.settings = settings;
    }

    void runIfDue(long nowMillis) {
        if (nowMillis - lastRun < settings.every().toMillis()) {
            return;
        }
        lastRun = nowMillis;
        run();
    }

    /** One pass; what is left over waits for the next. */
    void run() {
        HistoryRetention h = new HistoryRetention(db.dsl());
        int toMinutes = 0;
        int toHours = 0;
        int events = 0;
        for (int i = 0; i < settings.batchesPerPass(); i++) {
            int n = h.downsampleToMinutes(settings.fullStats(), MINUTES_PER_BATCH);
            toMinutes += n;
            if (n == 0) {
                break;
            }
        }
        for (int i = 0; i < settings.batchesPerPass(); i++) {
            int n = h.downsampleToHours(settings.minuteStats(), HOURS_PER_BATCH);
            toHours += n;
            if (n == 0) {
                break;
            }
        }
        for (int i = 0; i < settings.batchesPerPass(); i++) {
            int n = h.pruneEvents(settings.events(), settings.batchRows());
            events += n;
            if (n < settings.batchRows()) {
                break;
            }
        }
        List<HistoryRetention.Pruned> workers = h.pruneWorkers(settings.stoppedWorkers(), settings.batchRows());
        List<HistoryRetention.Pruned> agents = h.pruneAgents(settings.stoppedWorkers());
        List<HistoryRetention.Pruned> probes = h.pruneProbes(settings.stoppedWorkers());
        if (toMinutes + toHours + events + workers.size() + agents.size() + probes.size() > 0) {
            LOG.info("history: {} snapshot(s) downsampled to minutes, {} to hours, {} event(s) removed, {} worker(s), {} agent(s), {} probe(s) no longer listed",
                    toMinutes, toHours, events, workers.size(), agents.size(), probes.size());
        }
    }
}
