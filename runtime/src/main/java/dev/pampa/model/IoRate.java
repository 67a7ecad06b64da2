package dev.pampa.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bandwidth limit per worker ({@code max_disk_io}, {@code max_net_io}), kept in KiB per second. Written
 * as a number with a unit, {@code K}, {@code M} or {@code G} (binary, optionally {@code B}, {@code iB} and
 * {@code /s}: {@code 512K}, {@code 20MB/s}, {@code 1.5GiB/s}); a bare number is MB/s, as {@code max_ram}
 * is MB. From 1 KB/s to 1 TB/s: a larger value is a unit mistake, not a limit.
 */
public final class IoRate {
    public static final long MIN_KBPS = 1;
    public static final long MAX_KBPS = 1024L * 1024 * 1024;
    private static final Pattern FORM = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z/]*)\\s*");

    private IoRate() {
    }

    /** The rate in KiB/s, or the one-line cause as a problem of {@code param}. */
    public static Parsed parse(String param, String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return Parsed.problem(new SpecProblem(param, "'" + text + "' is not a rate",
                    "write a number with a unit K, M or G per second, e.g. 512K or 20M (a bare number is MB/s)"));
        }
        Optional<Long> factor = factorKb(m.group(2));
        if (factor.isEmpty()) {
            return Parsed.problem(new SpecProblem(param, "'" + text.strip() + "' has the unit '" + m.group(2) + "', which is not K, M or G (bytes per second)",
                    "write e.g. 512K, 20M or 1G (KB/s, MB/s, GB/s)"));
        }
        BigDecimal kb = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor.get()));
        if (kb.compareTo(BigDecimal.valueOf(MIN_KBPS)) < 0 || kb.compareTo(BigDecimal.valueOf(MAX_KBPS)) > 0) {
            return Parsed.problem(new SpecProblem(param, "'" + text.strip() + "' is out of range",
                    "use 1K to 1024G per second per worker (or leave it out for no limit)"));
        }
        return new Parsed(kb.longValue(), null);
    }

    /** The shortest exact form: {@code 20M}, {@code 512K}, {@code 2G}. */
    public static String format(long kbps) {
        if (kbps % (1024 * 1024) == 0) {
            return kbps / (1024 * 1024) + "G";
        }
        if (kbps % 1024 == 0) {
            return kbps / 1024 + "M";
        }
        return kbps + "K";
    }

    private static Optional<Long> factorKb(String unit) {
        String u = unit.toUpperCase(Locale.ROOT);
        if (u.endsWith("/S")) {
            u = u.substring(0, u.length() - 2);
        }
        if (u.endsWith("IB")) {
            u = u.substring(0, u.length() - 2);
        } else if (u.endsWith("B") && u.length() == 2) {
            u = u.substring(0, 1);
        }
        return switch (u) {
            case "" , "M" -> Optional.of(1024L);
            case "K" -> Optional.of(1L);
            case "G" -> Optional.of(1024L * 1024);
            default -> Optional.empty();
        };
    }

    /** A parsed rate ({@code kbps}) or why it is not one ({@code problem}). */
    public record Parsed(Long kbps, SpecProblem problem) {
        static Parsed problem(SpecProblem p) {
            return new Parsed(null, p);
        }
    }
}
