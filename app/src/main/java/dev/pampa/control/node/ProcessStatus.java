package dev.pampa.control.node;

import java.util.List;

/**
 * Pampa's pid files on one node: those whose process is alive and is ours (running), and those whose
 * process has gone or is now some other program (stale).
 */
public record ProcessStatus(String baseDirectory, List<PidFile> running, List<PidFile> stale) {

    public record PidFile(String process, String pid) {
    }

    public ProcessStatus {
        running = List.copyOf(running);
        stale = List.copyOf(stale);
    }

    public boolean isRunning(String process) {
        return running.stream().anyMatch(p -> p.process().equals(process));
    }
}
