package dev.pampa.report;

import java.time.OffsetDateTime;

/** One sample of one figure of a job's reporting function. */
public record FigurePoint(String name, OffsetDateTime at, double value) {
}
