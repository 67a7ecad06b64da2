package dev.pampa.control.node;

/**
 * What starting a process did: started it, or found it running already (a no-op). {@code stalePid}
 * names a pid file left by a process that had gone, removed before starting; null when there was none.
 * {@code launcher} says how it was started (under systemd-run, or setsid nohup and why not systemd);
 * null when nothing was started.
 */
public record StartOutcome(ProcessName process, boolean started, long pid, String stalePid, String launcher) {

    public String message() {
        String stale = stalePid == null ? "" : " (removed a stale pid file for gone process " + stalePid + ")";
        return started
                ? "started " + process + " as pid " + pid + (launcher == null ? "" : " with " + launcher) + stale
                : process + " is already running as pid " + pid + "; nothing to do";
    }
}
