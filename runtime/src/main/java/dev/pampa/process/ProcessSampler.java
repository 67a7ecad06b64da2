package dev.pampa.process;

import dev.pampa.report.ResourceUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures processes of this machine from /proc: CPU time ({@code stat}), resident set ({@code status}),
 * block I/O ({@code io}) and the traffic of the process's network namespace ({@code net/dev}). Rates are
 * over the time since the same process's previous sample, so the first sample of a pid has no rates.
 * A pid reused by another process is told apart by its start time. Not thread-safe: one caller (the
 * agent's loop) samples.
 */
public final class ProcessSampler {
    /**
     * The kernel's USER_HZ, in which /proc reports CPU time: 100 on every Linux architecture Pampa runs on
     * (x86, ARM, RISC-V); the JVM cannot ask sysconf, and a wrong guess would show in every worker at once.
     */
    static final long TICKS_PER_SECOND = 100;

    private final Path proc;
    private final Map<Long, Raw> last = new HashMap<>();
    /** A namespace's counters, read once for all its processes within a heartbeat (net/dev costs the most of the four files). */
    private final Map<String, NetRead> namespaces = new HashMap<>();
    private static final long NAMESPACE_READ_NANOS = 50_000_000L;

    private record NetRead(long nanos, Long rx, Long tx) {
    }

    public ProcessSampler() {
        this(Path.of("/proc"));
    }

    ProcessSampler(Path proc) {
        this.proc = proc;
    }

    /** The counters read at one instant; null where a file could not be read. */
    private record Raw(long nanos, String startTime, Long cpuTicks, Long rssKb, Long readBytes, Long writeBytes, Long netRx, Long netTx) {
    }

    /** What {@code pid} used since its previous sample; {@link ResourceUsage#NONE} when it is gone or this is not Linux. */
    public ResourceUsage sample(long pid) {
        Raw now = read(pid);
        if (now == null) {
            last.remove(pid);
            return ResourceUsage.NONE;
        }
        Raw before = last.put(pid, now);
        if (before != null && !before.startTime().equals(now.startTime())) {
            before = null;
        }
        double seconds = before == null ? 0 : (now.nanos() - before.nanos()) / 1e9;
        boolean rates = before != null && seconds > 0.05;
        Double cpu = rates && now.cpuTicks() != null && before.cpuTicks() != null
                ? Math.max(0, now.cpuTicks() - before.cpuTicks()) * 100.0 / TICKS_PER_SECOND / seconds : null;
        return new ResourceUsage(cpu, now.rssKb(),
                rates ? perSecond(before.readBytes(), now.readBytes(), seconds) : null,
                rates ? perSecond(before.writeBytes(), now.writeBytes(), seconds) : null,
                rates ? perSecond(before.netRx(), now.netRx(), seconds) : null,
                rates ? perSecond(before.netTx(), now.netTx(), seconds) : null,
                now.netRx() == null ? null : ResourceUsage.NET_NAMESPACE);
    }

    /** Drops what is kept of processes not in {@code alive}, so that a long-running agent keeps no gone pids. */
    public void keepOnly(Collection<Long> alive) {
        last.keySet().retainAll(alive);
        namespaces.clear();
    }

    private static Long perSecond(Long before, Long now, double seconds) {
        return before == null || now == null ? null : Math.round(Math.max(0, now - before) / seconds);
    }

    private Raw read(long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        String stat = text(dir.resolve("stat"));
        if (stat == null) {
            return null;
        }
        // the command name in parentheses may hold spaces and ')': the fields count from the last ')'
        int close = stat.lastIndexOf(')');
        String[] f = close < 0 ? new String[0] : stat.substring(close + 2).trim().split("\\s+");
        // after the name: state is field 3, utime 14, stime 15, starttime 22 (proc(5)), here index n-3
        Long ticks = f.length > 19 ? sum(f[11], f[12]) : null;
        String start = f.length > 19 ? f[19] : "";
        Long rss = null;
        String status = text(dir.resolve("status"));
        if (status != null) {
            for (String line : status.split("\n")) {
                if (line.startsWith("VmRSS:")) {
                    rss = number(line.substring(6).replace("kB", "").trim());
                }
            }
        }
        Long read = null;
        Long write = null;
        String io = text(dir.resolve("io"));
        if (io != null) {
            for (String line : io.split("\n")) {
                if (line.startsWith("read_bytes:")) {
                    read = number(line.substring(11).trim());
                } else if (line.startsWith("write_bytes:")) {
                    write = number(line.substring(12).trim());
                }
            }
        }
        String ns;
        try {
            ns = Files.readSymbolicLink(dir.resolve("ns/net")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            ns = null;
        }
        long nanos = System.nanoTime();
        NetRead net = ns == null ? null : namespaces.get(ns);
        if (net == null || nanos - net.nanos() > NAMESPACE_READ_NANOS) {
            net = readNet(dir, nanos);
            if (ns != null) {
                namespaces.put(ns, net);
            }
        }
        return new Raw(nanos, start, ticks, rss, read, write, net.rx(), net.tx());
    }

    private static NetRead readNet(Path dir, long nanos) {
        Long rx = null;
        Long tx = null;
        String dev = text(dir.resolve("net/dev"));
        if (dev != null) {
            long r = 0;
            long t = 0;
            for (String line : dev.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0 || line.substring(0, colon).trim().equals("lo")) {
                    continue;
                }
                String[] c = line.substring(colon + 1).trim().split("\\s+");
                if (c.length >= 9) {
                    Long cr = number(c[0]);
                    Long ct = number(c[8]);
                    r += cr == null ? 0 : cr;
                    t += ct == null ? 0 : ct;
                }
            }
            rx = r;
            tx = t;
        }
        return new NetRead(nanos, rx, tx);
    }

    private static Long sum(String a, String b) {
        Long x = number(a);
        Long y = number(b);
        return x == null || y == null ? null : x + y;
    }

    private static Long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return null;
        }
    }
}
