package dev.pampa.report;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Tasks that failed with the same first line of error.
 *
 * @param dead       of them, how many are dead; the others wait for another try
 * @param firstSeen  the earliest failure's time (end time when dead, release time when waiting)
 * @param sampleKeys keys of the latest failures, as text
 */
public record ErrorGroup(String message, long count, long dead, OffsetDateTime firstSeen, OffsetDateTime lastSeen,
                         List<String> sampleKeys) {
}
