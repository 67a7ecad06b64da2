package dev.pampa.jobcode;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs a job function's failures at most once a minute per job and function: one that fails on every
 * call (every round, every worker) must not flood the log, and one that keeps failing must stay visible.
 */
public final class FailureLog {
    static final long PERIOD_MILLIS = 60_000;

    private final Logger log;
    private final Map<String, Long> lastLogged = new HashMap<>();
    private final Map<String, Integer> silenced = new HashMap<>();

    public FailureLog(Logger log) {
        this.log = log;
    }

    /** Logs the failure unless this job's function was logged less than a minute ago; then counts it. */
    public synchronized void failed(String job, String parameter, String className, Throwable e, String consequence) {
        String key = job + "\u0000" + parameter;
        long now = System.currentTimeMillis();
        Long last = lastLogged.get(key);
        if (last != null && now - last < PERIOD_MILLIS) {
            silenced.merge(key, 1, Integer::sum);
            return;
        }
        lastLogged.put(key, now);
        Integer more = silenced.remove(key);
        log.warn("job {}: {} {} failed: {}; {}{}", job, parameter, className, firstLine(e), consequence,
                more == null ? "" : " (and " + more + " more failure(s) in the last minute)");
    }

    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getName() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
