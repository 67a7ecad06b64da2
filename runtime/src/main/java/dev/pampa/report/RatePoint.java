package dev.pampa.report;

import java.time.OffsetDateTime;

/** Tasks done and tries failed per minute between the previous point of a series and {@code at}. */
public record RatePoint(OffsetDateTime at, double donePerMinute, double failedPerMinute) {
}
