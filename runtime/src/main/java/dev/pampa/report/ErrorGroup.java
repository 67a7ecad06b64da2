package dev.pampa.report;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Failed and dead tasks whose errors have one fingerprint: the first line with numbers, ids, hex
 * values and quoted values folded, and the top frame of the processor's own code (docs/design.md §9.4).
 *
 * @param key        the fingerprint, as the retry of a group names it
 * @param message    the folded first line (exception class and message), as shown
 * @param frame      the top frame outside the JDK and Pampa (class and method), or null when the error has none
 * @param example    the latest failure's first line as it was
 * @param dead       of them, how many are dead; the others wait for another try
 * @param firstSeen  the earliest failure's time (end time when dead, release time when waiting)
 * @param sampleKeys keys of the latest failures, as text
 */
public record ErrorGroup(String key, String message, String frame, String example, long count, long dead, OffsetDateTime firstSeen,
                         OffsetDateTime lastSeen, List<String> sampleKeys) {
}
