package dev.pampa.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free space of the file system of a node's base directory, against a threshold: under it, the
 * node's agent takes no new tasks for its workers, so that tasks writing files do not fill the disk
 * and logs still have room. Space must come back to the threshold plus a twentieth before work
 * resumes, so a disk hovering at the line does not flap.
 */
public final class DiskWatch {
    /** The default threshold: a gigabyte. */
    public static final long DEFAULT_MIN_FREE_MB = 1024;
    public static final String DEFAULT_MIN_FREE_DISK_MB_TEXT = DEFAULT_MIN_FREE_MB + " MB";

    private final Path path;
    private final long minFreeMb;
    private boolean low;
    private long freeMb = -1;

    public DiskWatch(Path path, long minFreeMb) {
        this.path = path;
        this.minFreeMb = minFreeMb;
    }

    /** The threshold from PAMPA_MIN_FREE_DISK_MB, or the default; refuses anything but a whole number of megabytes. */
    public static long thresholdFrom(String setting) {
        if (setting == null || setting.isBlank()) {
            return DEFAULT_MIN_FREE_MB;
        }
        try {
            long n = Long.parseLong(setting.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("PAMPA_MIN_FREE_DISK_MB=" + setting + " is not a whole number of megabytes; unset it for "
                + DEFAULT_MIN_FREE_MB + " or set 0 to turn the watch off");
    }

    /** Looks at the disk again; returns true when being low changed. A disk that cannot be read keeps the last state. */
    public boolean check() {
        try {
            freeMb = Files.getFileStore(path).getUsableSpace() / (1024 * 1024);
        } catch (IOException e) {
            return false;
        }
        boolean was = low;
        low = low ? freeMb < minFreeMb + minFreeMb / 20 : freeMb < minFreeMb;
        return was != low;
    }

    public boolean low() {
        return low;
    }

    public long freeMb() {
        return freeMb;
    }

    public long minFreeMb() {
        return minFreeMb;
    }

    public Path path() {
        return path;
    }
}
