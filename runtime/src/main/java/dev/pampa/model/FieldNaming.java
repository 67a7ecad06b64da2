package dev.pampa.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Ruby Pampa's naming of tracking columns: a prefix per job ({@code odd_checking}) followed by a
 * fixed suffix per field ({@code _reservation_id}, {@code _start_time}, …). Pampa's own defaults are the
 * prefix {@code pampa}. Used to suggest a field map for a table, from a prefix or from its columns.
 */
public final class FieldNaming {
    public static final String DEFAULT_PREFIX = "pampa";

    /** Field parameter (without field_primary_key) to the suffix of its column. */
    private static final Map<String, String> SUFFIXES = new LinkedHashMap<>();

    static {
        SUFFIXES.put("field_id", "_reservation_id");
        SUFFIXES.put("field_time", "_reservation_time");
        SUFFIXES.put("field_times", "_reservation_times");
        SUFFIXES.put("field_start_time", "_start_time");
        SUFFIXES.put("field_end_time", "_end_time");
        SUFFIXES.put("field_success", "_success");
        SUFFIXES.put("field_error_description", "_error_description");
    }

    private FieldNaming() {
    }

    /** The tracking columns a prefix names, by parameter (field_primary_key is not among them). */
    public static Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        String p = prefix == null || prefix.isBlank() ? DEFAULT_PREFIX : prefix.trim();
        SUFFIXES.forEach((param, suffix) -> out.put(param, p + suffix));
        return out;
    }

    /**
     * The prefix the table's columns already use: the column that ends in {@code _reservation_id} (the
     * one suffix no operator's own column is likely to share), when exactly one does.
     */
    public static Optional<String> prefixIn(Collection<String> columns) {
        String suffix = SUFFIXES.get("field_id");
        var found = columns.stream()
                .filter(c -> c.toLowerCase(Locale.ROOT).endsWith(suffix) && c.length() > suffix.length())
                .toList();
        return found.size() == 1 ? Optional.of(found.get(0).substring(0, found.get(0).length() - suffix.length())) : Optional.empty();
    }

    /**
     * A field map to propose for a table with these columns: the prefix its columns use, else the one
     * given, else {@code pampa}; the key from the unique columns, {@code id} when there is such a column.
     */
    public static Map<String, String> suggest(Collection<String> columns, Collection<String> uniqueColumns, String typedPrefix) {
        Map<String, String> out = new LinkedHashMap<>();
        String key = uniqueColumns.contains("id") ? "id" : uniqueColumns.stream().findFirst().orElse("id");
        out.put("field_primary_key", key);
        String prefix = typedPrefix != null && !typedPrefix.isBlank() ? typedPrefix.trim() : prefixIn(columns).orElse(DEFAULT_PREFIX);
        out.putAll(withPrefix(prefix));
        return out;
    }
}
