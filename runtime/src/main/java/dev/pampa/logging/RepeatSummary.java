package dev.pampa.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Passes lines on to a delegate appender, but of lines that repeat within a window only the first
 * {@link #SHOWN} reach it; the rest are counted and told in one line when the window ends: "the same
 * line 1,240 times in the last 60 s (3 shown); the last: ...". A failing job at a thousand tries a
 * second then writes a few lines a minute, not a thousand a second.
 *
 * <p>Two lines are the same when they have the same level, logger, message pattern, last argument and
 * exception class: a failure line's pattern ends with the error's text, so tries of different tasks
 * that fail the same way count as one line, and a different error shows at once.
 */
public final class RepeatSummary extends AppenderBase<ILoggingEvent> {
    /** Lines shown of each kind per window before the rest are only counted. */
    public static final int SHOWN = 3;
    /** Kinds of line tracked at once: past it, the counts so far are told and tracking starts over. */
    private static final int MAX_KINDS = 500;

    private record Kind(String level, String logger, String pattern, String lastArgument, String exception) {
    }

    private static final class Count {
        final long since;
        int seen;
        ILoggingEvent last;

        Count(long since) {
            this.since = since;
        }
    }

    private final Appender<ILoggingEvent> delegate;
    private final long windowMillis;
    private final Map<Kind, Count> counts = new LinkedHashMap<>();
    private ScheduledExecutorService ticker;

    public RepeatSummary(Appender<ILoggingEvent> delegate, long windowMillis) {
        this.delegate = delegate;
        this.windowMillis = windowMillis;
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pampa-log-summary");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(100, windowMillis / 10);
        ticker.scheduleWithFixedDelay(() -> tellEnded(System.currentTimeMillis()), tick, tick, TimeUnit.MILLISECONDS);
        super.start();
    }

    @Override
    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        tellEnded(Long.MAX_VALUE);
        super.stop();
    }

    @Override
    protected void append(ILoggingEvent e) {
        List<ILoggingEvent> out = new ArrayList<>(2);
        synchronized (counts) {
            Kind kind = kindOf(e);
            Count c = counts.get(kind);
            if (c != null && e.getTimeStamp() - c.since >= windowMillis) {
                counts.remove(kind);
                addSummary(c, out);
                c = null;
            }
            if (c == null) {
                if (counts.size() >= MAX_KINDS) {
                    counts.values().forEach(old -> addSummary(old, out));
                    counts.clear();
                }
                c = new Count(e.getTimeStamp());
                counts.put(kind, c);
            }
            c.seen++;
            c.last = e;
            if (c.seen <= SHOWN) {
                out.add(e);
            }
        }
        out.forEach(delegate::doAppend);
    }

    /** Tells the counts of the windows that ended by {@code now}. */
    void tellEnded(long now) {
        List<ILoggingEvent> out = new ArrayList<>();
        synchronized (counts) {
            for (Iterator<Count> it = counts.values().iterator(); it.hasNext(); ) {
                Count c = it.next();
                if (now - c.since >= windowMillis) {
                    it.remove();
                    addSummary(c, out);
                }
            }
        }
        out.forEach(delegate::doAppend);
    }

    private void addSummary(Count c, List<ILoggingEvent> out) {
        if (c.seen <= SHOWN) {
            return;
        }
        ILoggingEvent last = c.last;
        String what = last.getThrowableProxy() != null || last.getLevel().levelInt >= ch.qos.logback.classic.Level.WARN_INT ? "error" : "line";
        String message = String.format("the same %s %,d times in the last %s (%d shown); the last: %s",
                what, c.seen, windowText(), SHOWN, last.getFormattedMessage());
        Logger logger = ((LoggerContext) getContext()).getLogger(last.getLoggerName());
        LoggingEvent summary = new LoggingEvent(Logger.FQCN, logger, last.getLevel(), message, null, null);
        summary.setThreadName(last.getThreadName());
        out.add(summary);
    }

    private String windowText() {
        return windowMillis == 60_000 ? "minute" : windowMillis % 1000 == 0 ? (windowMillis / 1000) + " s" : windowMillis + " ms";
    }

    private static Kind kindOf(ILoggingEvent e) {
        Object[] args = e.getArgumentArray();
        String lastArgument = args == null || args.length == 0 ? null : Objects.toString(args[args.length - 1]);
        IThrowableProxy t = e.getThrowableProxy();
        return new Kind(e.getLevel().toString(), e.getLoggerName(), e.getMessage(), lastArgument, t == null ? null : t.getClassName());
    }
}
