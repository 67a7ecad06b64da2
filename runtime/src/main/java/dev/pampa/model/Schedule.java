package dev.pampa.model;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A job's recurring schedule: a cron expression in the Quartz flavour (seconds first, then minutes,
 * hours, day of month, month, day of week, optional year; {@code ?} in one of the two day fields), read
 * in a time zone (UTC unless the job names one). Parsed by cron-utils.
 */
public final class Schedule {
    public static final String DEFAULT_TIME_ZONE = "UTC";
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;

    private Schedule(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.times = ExecutionTime.forCron(cron);
    }

    /**
     * @throws IllegalArgumentException with a one-line cause when the expression or the zone cannot be read
     */
    public static Schedule parse(String expression, String timeZone) {
        ZoneId zone = zone(timeZone);
        Cron cron;
        try {
            cron = PARSER.parse(expression.trim());
            cron.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(firstLine(e));
        }
        return new Schedule(expression.trim(), zone, cron);
    }

    /** The zone named, UTC when null; a one-line cause when it is not a zone. */
    public static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(firstLine(e));
        }
    }

    private static String firstLine(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m).trim();
    }

    /** The first firing strictly after {@code after}; empty when the expression never fires again. */
    public Optional<Instant> nextAfter(Instant after) {
        return times.nextExecution(after.atZone(zone)).map(z -> z.toInstant());
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }
}
