package dev.pampa.ui.dashboard;

import dev.pampa.monitor.Monitor;
import dev.pampa.monitor.ProgressLine;
import dev.pampa.report.FigurePoint;
import dev.pampa.report.JobDashboardView;
import dev.pampa.report.JobProgress;
import dev.pampa.report.JobSummary;
import dev.pampa.report.StatsPoint;
import dev.pampa.ui.common.ProblemText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;
import javafx.util.StringConverter;

/**
 * The dashboard's state: the jobs to choose from, the chosen job's counts, progress, ETA, its counts
 * over the chosen window (a stacked area) and its done and failed tries per minute. Each refresh
 * reads off the FX thread ({@link #read()}) and replaces the series' points on the FX thread
 * ({@link #show(Reading)}): a series never holds more than {@link #MAX_POINTS} points, however long
 * the cockpit stays open.
 */
public final class DashboardViewModel {
    /**
     * Points per series: a point every 7 pixels of a chart a screen wide; the stacked area's layout
     * grows faster than its points, and at 240 a refresh cost the FX thread over 100 ms here.
     */
    public static final int MAX_POINTS = 150;
    public static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofHours(6), Duration.ofDays(1));
    /** The states stacked in the area chart, bottom first, with the tile titles. */
    public static final List<String> STATES = List.of("Pending", "Queued", "Started", "Done", "Dead", "Cancelled");
    /**
     * The tiles: a batch's tasks are all started when a worker takes the batch, so "Running" counts only
     * what workers execute now (one task each) and "In a batch" the started tasks waiting behind it.
     */
    public static final List<String> TILES = List.of("Pending", "Queued", "Running", "In a batch", "Done", "Dead");
    public static final List<String> TILE_IDS = List.of("pending", "queued", "running", "batched", "done", "dead");
    private static final List<ToLongFunction<StatsPoint>> STATE_VALUES = List.of(StatsPoint::pending, StatsPoint::queued,
            StatsPoint::running, StatsPoint::done, StatsPoint::dead, StatsPoint::cancelled);

    /** What one refresh read: the jobs, and the chosen job's dashboard (null when there is no job). */
    /**
     * @param span      a finished job's first start and last end, for its duration and rate; null otherwise
     * @param summaries the overview of every job when the overview is shown; null when a job's charts are
     */
    public record Reading(List<String> jobs, JobDashboardView dashboard, Duration window, Instant readAt, dev.pampa.report.JobSpan span,
                          List<JobSummary> summaries) {
        public Reading(List<String> jobs, JobDashboardView dashboard, Duration window, Instant readAt) {
            this(jobs, dashboard, window, readAt, null, null);
        }
    }

    private final Monitor monitor;
    private final ObservableList<String> jobs = FXCollections.observableArrayList();
    private final ObjectProperty<String> job = new SimpleObjectProperty<>();
    private final ObjectProperty<Duration> window = new SimpleObjectProperty<>(Duration.ofMinutes(5));
    // the refresh thread reads these; the FX thread writes them
    private volatile String jobToRead;
    private volatile Duration windowToRead = Duration.ofMinutes(5);
    private volatile boolean detailToRead;
    /** False: the overview of every job (the default); true: the chosen job's charts. */
    private final javafx.beans.property.BooleanProperty detail = new javafx.beans.property.SimpleBooleanProperty(false);
    private final ObservableList<JobSummary> overview = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper overviewText = new ReadOnlyStringWrapper("");

    private final List<ReadOnlyStringWrapper> tiles = new ArrayList<>();
    private final ReadOnlyStringWrapper failedTries = new ReadOnlyStringWrapper("–");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyObjectWrapper<JobProgress> counts = new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper countsSource = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyChart = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper timeFrom = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper timeTo = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper timeTick = new ReadOnlyDoubleWrapper(60);
    private final ObservableList<XYChart.Series<Number, Number>> stateSeries = FXCollections.observableArrayList();
    private final ObservableList<XYChart.Series<Number, Number>> rateSeries = FXCollections.observableArrayList();
    /** Per state series: false while the state is zero throughout the window, so that its line is not drawn. */
    private final List<javafx.beans.property.ReadOnlyBooleanWrapper> stateDrawn = new ArrayList<>();
    /** One series per figure of the job's reporting function; empty (and the chart hidden) without one. */
    private final ObservableList<XYChart.Series<Number, Number>> figureSeries = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyBooleanWrapper hasFigures = new javafx.beans.property.ReadOnlyBooleanWrapper(false);

    public DashboardViewModel(Monitor monitor) {
        this.monitor = monitor;
        for (String tile : TILES) {
            tiles.add(new ReadOnlyStringWrapper("–"));
        }
        for (String state : STATES) {
            stateDrawn.add(new javafx.beans.property.ReadOnlyBooleanWrapper(true));
            stateSeries.add(new XYChart.Series<>(state, FXCollections.observableArrayList()));
        }
        // tasks/s, the unit of the progress line above the chart
        rateSeries.add(new XYChart.Series<>("done / s", FXCollections.observableArrayList()));
        rateSeries.add(new XYChart.Series<>("failed tries / s", FXCollections.observableArrayList()));
        detail.addListener((o, was, now) -> detailToRead = now);
        job.addListener((o, was, now) -> jobToRead = now);
        window.addListener((o, was, now) -> windowToRead = now == null ? Duration.ofMinutes(5) : now);
        setTimeAxis(Instant.now().getEpochSecond(), windowToRead);
    }

    /** Off the FX thread: the jobs and the chosen one's dashboard (the first job when none is chosen yet). */
    public Reading read() {
        if (!detailToRead) {
            List<JobSummary> all = monitor.summaries();
            return new Reading(all.stream().map(JobSummary::job).toList(), null, windowToRead, Instant.now(), null, all);
        }
        List<String> names = monitor.jobNames();
        String wanted = jobToRead;
        if (wanted == null || !names.contains(wanted)) {
            wanted = names.isEmpty() ? null : names.get(0);
        }
        Duration w = windowToRead;
        JobDashboardView view = wanted == null ? null : monitor.dashboard(wanted, w, MAX_POINTS);
        // a finished job's counts no longer move: how long it took is read once it is finished, never while it runs
        dev.pampa.report.JobSpan span = view != null && view.counts().complete() && view.counts().total() > 0 ? monitor.span(wanted) : null;
        return new Reading(names, view, w, Instant.now(), span, null);
    }

    /** On the FX thread: what was read, shown; the series' points replaced. */
    public void show(Reading r) {
        problem.set("");
        if (!jobs.equals(r.jobs())) {
            jobs.setAll(r.jobs());
        }
        if (r.summaries() != null) {
            showOverview(r.summaries());
            return;
        }
        JobDashboardView d = r.dashboard();
        if (d == null) {
            job.set(null);
            tiles.forEach(t -> t.set("–"));
            failedTries.set("–");
            progress.set(0);
            counts.set(null);
            progressText.set("No jobs yet: add one on the Jobs screen.");
            countsSource.set("");
            clearSeries();
            emptyChart.set("No job to chart.");
            return;
        }
        if (!d.job().equals(job.get())) {
            // the first reading, or the chosen job was removed
            job.set(d.job());
        }
        JobProgress c = d.counts();
        long[] values = {c.pending(), c.queued(), d.runningNow(), d.waitingInBatch(), c.done(), c.dead()};
        for (int i = 0; i < values.length; i++) {
            tiles.get(i).set(ProgressLine.count(values[i]));
        }
        failedTries.set(ProgressLine.count(d.failedTries()));
        progress.set(c.total() == 0 ? 1 : (double) c.finished() / c.total());
        progressText.set(progressLine(d, r.span()));
        counts.set(c);
        countsSource.set(d.countedLive() ? "counted now (no dispatcher snapshot in the last 15 s)"
                : "from the dispatcher's snapshot " + Math.round(d.countsAgeSeconds()) + " s ago");
        // the axis ends at the database's now, the clock the snapshots are stamped with, not the cockpit's
        double to = d.at() != null ? d.at().toInstant().toEpochMilli() / 1000.0 : r.readAt().getEpochSecond();
        setTimeAxis(to, r.window());
        for (int s = 0; s < STATES.size(); s++) {
            ToLongFunction<StatsPoint> value = STATE_VALUES.get(s);
            // a state at zero throughout gets no points: stacked, its zero line would run along the top of
            // the others in its colour (a red Dead line over a job with nothing dead)
            // the chart (StackedAreaChart) cannot lay out a series without points: the zero series keeps
            // its points and is hidden instead
            boolean never = d.series().stream().allMatch(p -> value.applyAsLong(p) == 0);
            stateDrawn.get(s).set(!never);
            replace(stateSeries.get(s), d.series(), p -> p.at().toEpochSecond(), value::applyAsLong);
        }
        showFigures(d.figures());
        replace(rateSeries.get(0), d.throughput(), p -> p.at().toEpochSecond(), p -> p.donePerMinute() / 60);
        replace(rateSeries.get(1), d.throughput(), p -> p.at().toEpochSecond(), p -> p.failedPerMinute() / 60);
        emptyChart.set(d.series().isEmpty()
                ? "No counts recorded in the last " + windowLabel(r.window()) + ". The dispatcher records them every 5 s while it runs: press Start."
                : "");
    }

    /** On the FX thread: the read failed (the database went away); what is shown stays, with the problem above it. */
    public void failed(Throwable failure) {
        problem.set("Could not read the dashboard: " + ProblemText.of(failure) + ". Retrying every few seconds.");
    }

    /**
     * The axis ends at {@code to}, now, never in the future; it starts a whole tick before the window's
     * start (a little more than the window is shown) so that the ticks fall on round times.
     */
    private void setTimeAxis(double to, Duration w) {
        long tick = tickSeconds(w);
        timeTo.set(to);
        timeFrom.set(Math.floor((to - w.toSeconds()) / tick) * tick);
        timeTick.set(tick);
    }

    /** On the FX thread: the overview's lines replaced. */
    private void showOverview(List<JobSummary> all) {
        // line by line while the jobs stay the same: the table keeps its rows (and a click under way) instead of rebuilding them
        boolean sameJobs = overview.size() == all.size();
        for (int i = 0; sameJobs && i < all.size(); i++) {
            sameJobs = overview.get(i).job().equals(all.get(i).job());
        }
        if (sameJobs) {
            for (int i = 0; i < all.size(); i++) {
                if (!overview.get(i).equals(all.get(i))) {
                    overview.set(i, all.get(i));
                }
            }
        } else {
            overview.setAll(all);
        }
        overviewText.set(all.isEmpty() ? "No jobs yet: add one on the Jobs screen."
                : all.size() + (all.size() == 1 ? " job" : " jobs") + " · click a job for its charts");
    }

    /** Opens the charts of {@code name} (the first job when null). */
    public void openDetail(String name) {
        if (name != null) {
            job.set(name);
        }
        detail.set(true);
    }

    /** Back to the overview of every job. */
    public void closeDetail() {
        detail.set(false);
    }

    /** True while the chosen job's charts are shown, false for the overview. */
    public javafx.beans.property.ReadOnlyBooleanProperty detailProperty() {
        return detail;
    }

    /** Every job's line of the overview, by name. */
    public ObservableList<JobSummary> overview() {
        return overview;
    }

    /** The overview's caption, or why it is empty. */
    public ReadOnlyStringProperty overviewTextProperty() {
        return overviewText.getReadOnlyProperty();
    }

    /** Done or dead per second for people: one decimal under 10, whole numbers above. */
    public static String rateText(double perSecond) {
        if (perSecond >= 10 || perSecond == 0) {
            return ProgressLine.count(Math.round(perSecond));
        }
        String one = String.format(Locale.ROOT, "%.1f", perSecond);
        return one.endsWith(".0") ? one.substring(0, one.length() - 2) : one;
    }

    /** About six ticks a window, each a round duration. */
    static long tickSeconds(Duration w) {
        long wanted = Math.max(1, w.toSeconds() / 6);
        for (long t : new long[] {10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400}) {
            if (t >= wanted) {
                return t;
            }
        }
        return 86400;
    }

    static String progressLine(JobDashboardView d) {
        return progressLine(d, null);
    }

    /** With {@code span} (null when unknown), a finished job also says how long it took and its average rate. */
    static String progressLine(JobDashboardView d, dev.pampa.report.JobSpan span) {
        JobProgress c = d.counts();
        if (c.total() == 0) {
            return "The job's table has no rows.";
        }
        double percent = 100.0 * c.finished() / c.total();
        if (c.complete()) {
            return String.format(Locale.ROOT, "Finished: %s done, %s dead%s of %s%s", ProgressLine.count(c.done()),
                    ProgressLine.count(c.dead()), c.cancelled() == 0 ? "" : ", " + ProgressLine.count(c.cancelled()) + " cancelled",
                    ProgressLine.count(c.total()), span == null ? "" : " · " + span.text());
        }
        String eta = d.eta().map(e -> "ETA " + ProgressLine.duration(e)).orElse("ETA unknown: nothing finished in the last minute");
        return String.format(Locale.ROOT, "%.1f%% · %s of %s finished · %s tasks/s · %s", percent, ProgressLine.count(c.finished()),
                ProgressLine.count(c.total()), rateText(d.finishedPerSecond()), eta);
    }

    /**
     * The series' points replaced by {@code from}'s: in place when their number is unchanged (the
     * usual refresh: the chart only lays out again), else all at once.
     */
    private static <P> void replace(XYChart.Series<Number, Number> series, List<P> from, java.util.function.ToLongFunction<P> x,
                                    java.util.function.ToDoubleFunction<P> y) {
        ObservableList<XYChart.Data<Number, Number>> data = series.getData();
        if (data.size() == from.size()) {
            for (int i = 0; i < from.size(); i++) {
                XYChart.Data<Number, Number> point = data.get(i);
                point.setXValue(x.applyAsLong(from.get(i)));
                point.setYValue(y.applyAsDouble(from.get(i)));
            }
            return;
        }
        List<XYChart.Data<Number, Number>> points = new ArrayList<>(from.size());
        for (P p : from) {
            points.add(new XYChart.Data<>(x.applyAsLong(p), y.applyAsDouble(p)));
        }
        data.setAll(points);
    }

    private void clearSeries() {
        stateSeries.forEach(s -> s.getData().clear());
        rateSeries.forEach(s -> s.getData().clear());
        showFigures(List.of());
    }

    /** False while state {@code i} ({@link #STATES}) is zero throughout the window: its series is then not drawn. */
    public javafx.beans.property.ReadOnlyBooleanProperty stateDrawnProperty(int i) {
        return stateDrawn.get(i).getReadOnlyProperty();
    }

    /** The figures' series: the same objects while the figure names stay, so a refresh only moves points. */
    private void showFigures(List<FigurePoint> points) {
        java.util.Map<String, List<FigurePoint>> byName = new java.util.LinkedHashMap<>();
        points.forEach(p -> byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p));
        List<String> names = figureSeries.stream().map(XYChart.Series::getName).toList();
        if (!names.equals(new ArrayList<>(byName.keySet()))) {
            List<XYChart.Series<Number, Number>> fresh = new ArrayList<>();
            byName.keySet().forEach(n -> fresh.add(new XYChart.Series<>(n, FXCollections.observableArrayList())));
            figureSeries.setAll(fresh);
        }
        for (XYChart.Series<Number, Number> series : figureSeries) {
            replace(series, byName.get(series.getName()), p -> p.at().toEpochSecond(), FigurePoint::value);
        }
        hasFigures.set(!figureSeries.isEmpty());
    }

    public static String windowLabel(Duration w) {
        if (w.toDays() >= 1 && w.toHours() % 24 == 0) {
            return w.toDays() == 1 ? "24 hours" : w.toDays() + " days";
        }
        if (w.toHours() >= 1 && w.toMinutes() % 60 == 0) {
            return w.toHours() == 1 ? "hour" : w.toHours() + " hours";
        }
        return w.toMinutes() + " minutes";
    }

    /** Tick labels for an axis of epoch seconds: the local time of day. */
    public static StringConverter<Number> timeOfDay(boolean seconds) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern(seconds ? "HH:mm:ss" : "HH:mm");
        return new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return LocalTime.ofInstant(Instant.ofEpochSecond(n.longValue()), ZoneId.systemDefault()).format(f);
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException();
            }
        };
    }

    public ObservableList<String> jobs() {
        return jobs;
    }

    /** The chosen job; set by the view's chooser. */
    public ObjectProperty<String> jobProperty() {
        return job;
    }

    /** The charted window; set by the view's chooser. */
    public ObjectProperty<Duration> windowProperty() {
        return window;
    }

    /** A tile's text, for {@link #TILES}{@code .get(i)}. */
    public ReadOnlyStringProperty tile(int i) {
        return tiles.get(i).getReadOnlyProperty();
    }

    public ReadOnlyStringProperty failedTriesProperty() {
        return failedTries.getReadOnlyProperty();
    }

    /** Done or dead over all tasks, 0..1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The chosen job's counts as last read, for the bar coloured by outcome; null without a job. */
    public javafx.beans.property.ReadOnlyObjectProperty<JobProgress> countsProperty() {
        return counts.getReadOnlyProperty();
    }

    /** True when the chosen job finished with dead tasks: its finished line is shown in red. */
    public static boolean finishedWithDead(JobProgress c) {
        return c != null && c.total() > 0 && c.complete() && c.dead() > 0;
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty countsSourceProperty() {
        return countsSource.getReadOnlyProperty();
    }

    /** Why the charts are empty, or "" when they are not. */
    public ReadOnlyStringProperty emptyChartProperty() {
        return emptyChart.getReadOnlyProperty();
    }

    /** The last read's failure, or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The charts' time axis, in epoch seconds. */
    public ReadOnlyDoubleProperty timeFromProperty() {
        return timeFrom.getReadOnlyProperty();
    }

    /** Seconds between the time axis' ticks. */
    public ReadOnlyDoubleProperty timeTickProperty() {
        return timeTick.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty timeToProperty() {
        return timeTo.getReadOnlyProperty();
    }

    /** Pending, queued, running, done, dead, cancelled over time; the same series objects for the screen's life. */
    public ObservableList<XYChart.Series<Number, Number>> stateSeries() {
        return stateSeries;
    }

    /** The job's reporting figures over time, one series per figure name. */
    public ObservableList<XYChart.Series<Number, Number>> figureSeries() {
        return figureSeries;
    }

    /** True while the chosen job has reporting figures in the window: the screen shows their chart then. */
    public javafx.beans.property.ReadOnlyBooleanProperty hasFiguresProperty() {
        return hasFigures.getReadOnlyProperty();
    }

    /** Done and failed tries per second over time. */
    public ObservableList<XYChart.Series<Number, Number>> rateSeries() {
        return rateSeries;
    }
}
