package dev.pampa.control.node;

/**
 * How a process was stopped: it ended on SIGTERM within the grace period, it had to be killed with
 * SIGKILL, or it was not running (a no-op; a stale pid file, if any, was removed).
 */
public record StopOutcome(ProcessName process, How how, Long pid) {

    public enum How { TERMINATED, KILLED, NOT_RUNNING }

    public String message() {
        return switch (how) {
            case TERMINATED -> "stopped " + process + " (pid " + pid + ") with SIGTERM";
            case KILLED -> process + " (pid " + pid + ") did not stop within the grace period; killed with SIGKILL";
            case NOT_RUNNING -> process + " is not running; nothing to do" + (pid == null ? "" : " (removed a stale pid file for " + pid + ")");
        };
    }
}
