package dev.pampa.store;

import dev.pampa.report.FigurePoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import static dev.pampa.store.schema.Tables.JOB_FIGURE;

/** A job's reporting figures over time ({@code pampa.job_figure}), written with each stats snapshot. */
public final class JobFigures {
    /** Longer names are cut: the column holds 100 characters. */
    public static final int MAX_NAME = 100;

    private final DSLContext dsl;

    public JobFigures(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One sample: every figure at the database's time now; null values are left out. */
    public void record(String job, Map<String, ? extends Number> figures) {
        var insert = dsl.insertInto(JOB_FIGURE, JOB_FIGURE.JOB, JOB_FIGURE.AT, JOB_FIGURE.NAME, JOB_FIGURE.VALUE);
        boolean any = false;
        for (Map.Entry<String, ? extends Number> e : figures.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            String name = e.getKey().length() > MAX_NAME ? e.getKey().substring(0, MAX_NAME) : e.getKey();
            insert = insert.values(DSL.val(job), DbClock.now(), DSL.val(name), DSL.val(e.getValue().doubleValue()));
            any = true;
        }
        if (any) {
            insert.onConflictDoNothing().execute();
        }
    }

    /** The latest sample of each of the job's figures, by name. */
    public Map<String, Double> latest(String job) {
        Map<String, Double> out = new LinkedHashMap<>();
        var last = DSL.max(JOB_FIGURE.AT).as("last");
        var latestAt = dsl.select(JOB_FIGURE.NAME, last).from(JOB_FIGURE).where(JOB_FIGURE.JOB.eq(job)).groupBy(JOB_FIGURE.NAME).asTable("l");
        dsl.select(JOB_FIGURE.NAME, JOB_FIGURE.VALUE)
                .from(JOB_FIGURE)
                .join(latestAt).on(latestAt.field(JOB_FIGURE.NAME).eq(JOB_FIGURE.NAME).and(latestAt.field(last).eq(JOB_FIGURE.AT)))
                .where(JOB_FIGURE.JOB.eq(job))
                .orderBy(JOB_FIGURE.NAME)
                .fetch()
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    /**
     * Every figure's samples over the last {@code window} (on the database's clock), oldest first, thinned
     * to at most {@code maxPoints} per figure by keeping every n-th and always the latest.
     */
    public List<FigurePoint> recent(String job, java.time.Duration window, int maxPoints) {
        Map<String, List<FigurePoint>> byName = new LinkedHashMap<>();
        dsl.select(JOB_FIGURE.NAME, JOB_FIGURE.AT, JOB_FIGURE.VALUE)
                .from(JOB_FIGURE)
                .where(JOB_FIGURE.JOB.eq(job).and(JOB_FIGURE.AT.ge(DbClock.secondsAgo(window.toSeconds()))))
                .orderBy(JOB_FIGURE.NAME, JOB_FIGURE.AT)
                .fetch()
                .forEach(r -> byName.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(new FigurePoint(r.value1(), r.value2(), r.value3())));
        List<FigurePoint> out = new ArrayList<>();
        for (List<FigurePoint> points : byName.values()) {
            int step = Math.max(1, (points.size() + maxPoints - 1) / Math.max(1, maxPoints));
            for (int i = points.size() - 1 - ((points.size() - 1) / step) * step; i < points.size(); i += step) {
                out.add(points.get(i));
            }
        }
        return out;
    }
}
