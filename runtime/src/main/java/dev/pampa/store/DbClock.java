package dev.pampa.store;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.types.DayToSecond;

/**
 * Moments and ages on the database's clock, written with jOOQ's interval arithmetic. Every process
 * (workers, dispatcher, cockpit) measures heartbeats, leases and retry delays against the one clock
 * of the database, never its own, so that clocks drifting between nodes do not kill live workers.
 */
public final class DbClock {
    private DbClock() {
    }

    /** The transaction's start on the database's clock ({@code current_timestamp}). */
    public static Field<OffsetDateTime> now() {
        return DSL.currentOffsetDateTime();
    }

    /** {@code seconds} as an interval, bound as a value (one statement text whatever the seconds). */
    public static Field<DayToSecond> seconds(long seconds) {
        return DSL.val(DayToSecond.valueOf(Duration.ofSeconds(seconds)));
    }

    public static Field<OffsetDateTime> secondsAgo(long seconds) {
        return now().minus(seconds(seconds));
    }

    public static Field<OffsetDateTime> secondsAhead(long seconds) {
        return now().plus(seconds(seconds));
    }

    /** How long ago {@code moment} was, in seconds (negative when it is ahead); null when it is null. */
    public static Field<Double> secondsSince(Field<OffsetDateTime> moment) {
        return DSL.epoch(now().minus(moment)).coerce(SQLDataType.DOUBLE);
    }
}
