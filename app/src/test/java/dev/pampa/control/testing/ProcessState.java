package dev.pampa.control.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** What /proc says of a process; {@link ProcessHandle#isAlive()} is true for zombies. */
public final class ProcessState {

    private ProcessState() {
    }

    /** Alive and not a zombie: a killed process reparented to a PID 1 that does not reap stays a zombie. */
    public static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (Exception e) {
            return false;
        }
    }
}
