package dev.pampa.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A task table's name as a job writes it: {@code table} or {@code schema.table}, where a part may be
 * double-quoted to hold a dot or any other character ({@code "my.table"}, {@code sales."Q1.2026"},
 * with {@code ""} for a quote). Each part is used as written, case included.
 */
public record TableName(String schema, String table) {

    /** The parts to quote one by one: {@code [table]} or {@code [schema, table]}. */
    public List<String> parts() {
        return schema == null ? List.of(table) : List.of(schema, table);
    }

    /**
     * @throws IllegalArgumentException naming what is wrong (the caller names the parameter and the fix)
     */
    public static TableName parse(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    part.append(c);
                }
            } else if (c == '"') {
                if (part.length() > 0 || wasQuoted) {
                    throw new IllegalArgumentException("has a quote inside a part (quote a whole part: \"my.table\")");
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == '.') {
                parts.add(checked(part.toString()));
                part.setLength(0);
                wasQuoted = false;
            } else {
                if (wasQuoted) {
                    throw new IllegalArgumentException("has text after a quoted part (quote a whole part: \"my.table\")");
                }
                part.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("has an unclosed double quote");
        }
        parts.add(checked(part.toString()));
        if (parts.size() > 2) {
            throw new IllegalArgumentException("has " + parts.size() + " parts (quote a name that holds a dot: \"my.table\")");
        }
        return parts.size() == 2 ? new TableName(parts.get(0), parts.get(1)) : new TableName(null, parts.get(0));
    }

    private static String checked(String part) {
        Identifier.problem(part).ifPresent(p -> {
            throw new IllegalArgumentException("has a part that " + p);
        });
        return part;
    }
}
