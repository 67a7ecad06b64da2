package dev.pampa.dispatch;

/**
 * A dispatcher's timings. Defaults: a 10 s lease renewed every 2 s (a standby checks every second);
 * a worker is dead after 10 s without a heartbeat; take-backs every second; stats every 5 s; a
 * round at least every 500 ms even without a wake-up; a job's allowing and reporting functions may run
 * each of their statements for 1 s.
 */
public record DispatcherSettings(int leaseSeconds, int renewMillis, int standbyPollMillis, int staleWorkerSeconds,
                                 int pollMillis, int takeBackMillis, int statsMillis, int functionTimeoutMillis) {
    public static final int DEFAULT_FUNCTION_TIMEOUT_MILLIS = 1_000;

    public DispatcherSettings(int leaseSeconds, int renewMillis, int standbyPollMillis, int staleWorkerSeconds,
                              int pollMillis, int takeBackMillis, int statsMillis) {
        this(leaseSeconds, renewMillis, standbyPollMillis, staleWorkerSeconds, pollMillis, takeBackMillis, statsMillis,
                DEFAULT_FUNCTION_TIMEOUT_MILLIS);
    }

    public static DispatcherSettings defaults() {
        return new DispatcherSettings(10, 2_000, 1_000, 10, 500, 1_000, 5_000);
    }
}
