package dev.pampa.report;

import java.time.OffsetDateTime;

/** One failed task: its key as text, dead or waiting to retry, its tries, when it last failed, its error text. */
public record FailedTask(String key, boolean dead, int tries, OffsetDateTime failedAt, String error) {
}
