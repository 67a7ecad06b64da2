package dev.pampa.process;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * A stop request, set by SIGTERM or SIGINT. Handling the signals ourselves (rather than through a
 * shutdown hook) lets the loop finish the task in hand, give its queue back and exit 0.
 */
public final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** A stop signal that SIGTERM and SIGINT trigger. */
    public static StopSignal onTermAndInt() {
        StopSignal s = new StopSignal();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> s.request());
            } catch (IllegalArgumentException e) {
                // the platform lacks this signal (INT under some launchers); the other still works
            }
        }
        return s;
    }

    public void request() {
        stopped.countDown();
    }

    public boolean requested() {
        return stopped.getCount() == 0;
    }

    /** Sleeps up to the given time, returning early (true) when a stop is requested. */
    public boolean await(long millis) {
        try {
            return stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
