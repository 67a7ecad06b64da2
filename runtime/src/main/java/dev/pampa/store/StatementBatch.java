package dev.pampa.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Query;

/**
 * Runs many small statements as few round trips: queries that render to the same SQL share one
 * prepared statement and go as one JDBC batch. Used inside a transaction so that a worker's finishes
 * and its next starts commit together.
 */
public final class StatementBatch {
    private StatementBatch() {
    }

    /** Executes the queries on the connection; returns each query's update count, in order. */
    public static int[] execute(Connection c, List<? extends Query> queries) throws SQLException {
        int[] counts = new int[queries.size()];
        Map<String, List<Integer>> bySql = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            bySql.computeIfAbsent(queries.get(i).getSQL(), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<Integer>> group : bySql.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement(group.getKey())) {
                for (int i : group.getValue()) {
                    List<Object> binds = queries.get(i).getBindValues();
                    for (int b = 0; b < binds.size(); b++) {
                        ps.setObject(b + 1, binds.get(b));
                    }
                    ps.addBatch();
                }
                int[] r = ps.executeBatch();
                for (int j = 0; j < r.length; j++) {
                    counts[group.getValue().get(j)] = r[j];
                }
            }
        }
        return counts;
    }
}
