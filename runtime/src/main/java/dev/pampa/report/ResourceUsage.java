package dev.pampa.report;

import java.util.Locale;

/**
 * What a process used, as its node's agent measured it over the last heartbeat period: CPU in % of one
 * core (200 is two cores busy), the resident set in KiB, disk reads and writes in bytes/s (bytes that
 * reached the block layer, /proc/PID/io). Network in bytes/s is the traffic of the process's network
 * namespace ({@code netScope} {@value #NET_NAMESPACE}): Linux counts bytes per interface, not per
 * process, so processes that share a namespace (by default every process of the node) show the same
 * figures. Any figure is null when it could not be read (the first sample has no rates yet).
 */
public record ResourceUsage(Double cpuPercent, Long rssKb, Long diskReadBps, Long diskWriteBps, Long netRxBps, Long netTxBps,
                            String netScope) {
    public static final String NET_NAMESPACE = "netns";
    public static final ResourceUsage NONE = new ResourceUsage(null, null, null, null, null, null, null);

    /**
     * A node's figures from its processes' (its agent's and its workers'): CPU, memory and disk add up;
     * network is the largest, since processes sharing a namespace each report the namespace's traffic.
     * A figure no process measured stays null.
     */
    public static ResourceUsage sum(java.util.List<ResourceUsage> parts) {
        Double cpu = null;
        Long rss = null;
        Long read = null;
        Long write = null;
        Long rx = null;
        Long tx = null;
        String scope = null;
        for (ResourceUsage u : parts) {
            // if statements, not ?: whose numeric type would unbox a null
            if (u.cpuPercent != null) {
                cpu = cpu == null ? u.cpuPercent : Double.valueOf(cpu + u.cpuPercent);
            }
            rss = add(rss, u.rssKb);
            read = add(read, u.diskReadBps);
            write = add(write, u.diskWriteBps);
            rx = larger(rx, u.netRxBps);
            tx = larger(tx, u.netTxBps);
            if (u.netScope != null) {
                scope = u.netScope;
            }
        }
        return new ResourceUsage(cpu, rss, read, write, rx, tx, scope);
    }

    private static Long add(Long a, Long b) {
        if (b == null) {
            return a;
        }
        return a == null ? b : Long.valueOf(a + b);
    }

    private static Long larger(Long a, Long b) {
        if (b == null) {
            return a;
        }
        return a == null ? b : Long.valueOf(Math.max(a, b));
    }

    public String cpuText() {
        return cpuPercent == null ? "–" : String.format(Locale.ROOT, "%.0f %%", cpuPercent);
    }

    public String rssText() {
        return rssKb == null ? "–" : rssKb < 10 * 1024 ? rssKb + " KB" : String.format(Locale.ROOT, "%.0f MB", rssKb / 1024.0);
    }

    /** Disk read and write: {@code 1.2 MB/s r, 300 KB/s w}. */
    public String diskText() {
        return diskReadBps == null || diskWriteBps == null ? "–" : rate(diskReadBps) + " r, " + rate(diskWriteBps) + " w";
    }

    /** Network in and out, with what it measures. */
    public String netText() {
        return netRxBps == null || netTxBps == null ? "–" : rate(netRxBps) + " in, " + rate(netTxBps) + " out"
                + (NET_NAMESPACE.equals(netScope) ? " (namespace)" : "");
    }

    /** Bytes per second for people: {@code 0 B/s}, {@code 1.2 MB/s}, {@code 35 MB/s}. */
    public static String rate(long bytesPerSecond) {
        if (bytesPerSecond < 1024) {
            return bytesPerSecond + " B/s";
        }
        double v = bytesPerSecond / 1024.0;
        String[] units = {"KB/s", "MB/s", "GB/s"};
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
