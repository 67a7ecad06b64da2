package dev.pampa.model;

import java.util.regex.Pattern;

/**
 * A job's {@code filter_worker_id}, matched against worker names with a budget: Java's regular
 * expressions backtrack, and an expression such as {@code (.*a){20}\.9} would otherwise hold the
 * dispatcher's round, for every job, for hours. The pattern's length is capped when the job is read.
 */
public final class WorkerFilter {
    /** Characters the matcher may read per name: a sane filter reads each a few times. */
    static final int READ_BUDGET = 100_000;

    private final String source;
    private final Pattern pattern;

    public WorkerFilter(String source) {
        this.source = source;
        this.pattern = Pattern.compile(source);
    }

    /**
     * @throws TooCostly when matching {@code worker} would read more than the budget allows
     */
    public boolean matches(String worker) {
        return pattern.matcher(new Budgeted(worker, READ_BUDGET, source)).matches();
    }

    /** The filter costs more than a filter may: the job is set aside, the others keep flowing. */
    public static final class TooCostly extends RuntimeException {
        TooCostly(String source, String worker) {
            super("filter_worker_id '" + source + "' backtracks without end against worker " + worker
                    + ": simplify it (e.g. n0[1-4]\\..*); the job gets no worker until it is fixed");
        }
    }

    private static final class Budgeted implements CharSequence {
        private final String text;
        private final String source;
        private final int[] left;

        Budgeted(String text, int budget, String source) {
            this(text, source, new int[] {budget});
        }

        private Budgeted(String text, String source, int[] left) {
            this.text = text;
            this.source = source;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new TooCostly(source, text);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.substring(start, end), source, left);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
