package dev.pampa.sample;

import java.util.List;
import java.util.Optional;

/** The sample jobs of this jar, for the demo and for tests to find. */
public final class SampleJobs {
    /** The Ruby Pampa's example: 100,000 numbers, is each odd. */
    public static final SampleJob SEARCH_ODD_NUMBERS = new SampleJob("search_odd_numbers",
            "jobs/search_odd_numbers.yaml", "sql/numbers.sql", "sql/numbers_reset.sql");
    /** 10,000 numbers, some failing their first try, some every try. */
    public static final SampleJob FLAKY_NUMBERS = new SampleJob("flaky_numbers",
            "jobs/flaky_numbers.yaml", "sql/flaky_numbers.sql", "sql/flaky_numbers_reset.sql");
    /** 200 numbers, some taking longer than the job's time limit. */
    public static final SampleJob SLOW_NUMBERS = new SampleJob("slow_numbers",
            "jobs/slow_numbers.yaml", "sql/slow_numbers.sql", "sql/slow_numbers_reset.sql");

    private SampleJobs() {
    }

    public static List<SampleJob> all() {
        return List.of(SEARCH_ODD_NUMBERS, FLAKY_NUMBERS, SLOW_NUMBERS);
    }

    public static Optional<SampleJob> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
