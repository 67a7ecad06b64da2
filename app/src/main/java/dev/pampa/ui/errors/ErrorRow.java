package dev.pampa.ui.errors;

import java.time.OffsetDateTime;
import java.util.List;

/** One group of the errors table: the tasks whose last error starts with the same line. */
public record ErrorRow(String message, long count, long dead, OffsetDateTime firstSeen, OffsetDateTime lastSeen,
                       List<String> sampleKeys) {
}
