package dev.pampa.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An age or period on the command line: a whole number and a unit, {@code 90s}, {@code 15min}, {@code 24h}, {@code 30d}. */
final class Age {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*(s|min|h|d)");

    private Age() {
    }

    static Duration parse(String option, String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(option + " " + text + " is not an age: write a positive whole number and a unit, "
                    + "s, min, h or d (e.g. 24h, 30d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
