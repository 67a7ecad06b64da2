package dev.pampa.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows printed under headers in aligned columns, for terminals; empty cells print as "-". */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final int width;

    public TextTable(String... headers) {
        this.width = headers.length;
        rows.add(headers);
    }

    public TextTable row(Object... cells) {
        if (cells.length != width) {
            throw new IllegalArgumentException(cells.length + " cells for " + width + " columns");
        }
        String[] texts = new String[width];
        for (int i = 0; i < width; i++) {
            texts[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(texts);
        return this;
    }

    public boolean isEmpty() {
        return rows.size() == 1;
    }

    public void print(PrintWriter out) {
        int[] widths = new int[width];
        for (String[] r : rows) {
            for (int i = 0; i < width; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width; i++) {
                line.append(r[i]);
                if (i < width - 1) {
                    line.append(" ".repeat(widths[i] - r[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
