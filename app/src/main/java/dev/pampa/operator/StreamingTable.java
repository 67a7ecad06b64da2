package dev.pampa.operator;

import java.io.PrintWriter;

/**
 * A table printed a row at a time, as results arrive (a node that answers first is shown first), in
 * columns whose widths are known up front: a wider cell pushes its line's later cells right rather
 * than being cut. Empty cells print as "-", as in {@link dev.pampa.cli.TextTable}.
 */
final class StreamingTable {
    private final PrintWriter out;
    private final int[] widths;

    /** @param headers each column's header and its width, in pairs: {@code "NODE", 12, "STATE", 11}; the last width is ignored */
    StreamingTable(PrintWriter out, Object... headersAndWidths) {
        this.out = out;
        this.widths = new int[headersAndWidths.length / 2];
        String[] headers = new String[widths.length];
        for (int i = 0; i < widths.length; i++) {
            headers[i] = (String) headersAndWidths[2 * i];
            widths[i] = Math.max(headers[i].length(), (Integer) headersAndWidths[2 * i + 1]);
        }
        row((Object[]) headers);
    }

    /** Prints the row now. */
    void row(Object... cells) {
        if (cells.length != widths.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + widths.length + " columns");
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String text = cells[i] == null ? "-" : cells[i].toString();
            line.append(text);
            if (i < cells.length - 1) {
                line.append(" ".repeat(Math.max(2, widths[i] - text.length() + 2)));
            }
        }
        out.println(line.toString().stripTrailing());
        out.flush();
    }
}
