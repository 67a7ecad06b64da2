package dev.pampa.control.node;

import java.util.List;

/**
 * What starting a process did: started it, or found it running already (a no-op). {@code stalePid}
 * names a pid file left by a process that had gone, removed before starting; null when there was none.
 * {@code launcher} says how it was started (under systemd-run with the properties set, or setsid nohup
 * and why not systemd); null when nothing was started. {@code limitsNotHeld} has one line per limit of
 * the node that the node could not hold for this process ("max_net_io not enforced on n01: why").
 */
public record StartOutcome(ProcessName process, boolean started, long pid, String stalePid, String launcher,
                           List<String> limitsNotHeld) {

    public StartOutcome {
        limitsNotHeld = limitsNotHeld == null ? List.of() : List.copyOf(limitsNotHeld);
    }

    public StartOutcome(ProcessName process, boolean started, long pid, String stalePid, String launcher) {
        this(process, started, pid, stalePid, launcher, List.of());
    }

    /** One line, then one line per limit not held. */
    public String message() {
        String stale = stalePid == null ? "" : " (removed a stale pid file for gone process " + stalePid + ")";
        String head = started
                ? "started " + process + " as pid " + pid + (launcher == null ? "" : " with " + launcher) + stale
                : process + " is already running as pid " + pid + "; nothing to do";
        return limitsNotHeld.isEmpty() ? head : head + "\n" + String.join("\n", limitsNotHeld);
    }
}
