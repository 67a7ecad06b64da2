package dev.pampa.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One row of a job's task table as a worker received it, and the result columns staged for it. */
public final class Task {
    private final Object key;
    private final int tryNumber;
    private final Map<String, Object> values;
    private final Map<String, Object> staged = new LinkedHashMap<>();

    public Task(Object key, int tryNumber, Map<String, Object> values) {
        this.key = Objects.requireNonNull(key, "key");
        this.tryNumber = tryNumber;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of the job's primary key column for this row. */
    public Object key() {
        return key;
    }

    /** 1 on the first try, 2 on the first retry, and so on. */
    public int tryNumber() {
        return tryNumber;
    }

    /** Every column of the row as it was when the try started, by column name. */
    public Map<String, Object> values() {
        return values;
    }

    public Object get(String column) {
        if (!values.containsKey(column)) {
            throw new IllegalArgumentException("the task table has no column '" + column + "'; it has " + values.keySet());
        }
        return values.get(column);
    }

    public long getLong(String column) {
        Object v = get(column);
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("column '" + column + "' holds " + (v == null ? "NULL" : v.getClass().getSimpleName()) + ", not a number");
    }

    public String getString(String column) {
        Object v = get(column);
        return v == null ? null : v.toString();
    }

    /**
     * Stages a result: the column is set to the value in the same statement that marks the task done.
     * Nothing is written if the try fails.
     */
    public Task set(String column, Object value) {
        staged.put(Objects.requireNonNull(column, "column"), value);
        return this;
    }

    /** The columns staged with {@link #set}, in the order they were staged. */
    public Map<String, Object> staged() {
        return Collections.unmodifiableMap(staged);
    }

    @Override
    public String toString() {
        return "Task[key=" + key + ", try=" + tryNumber + "]";
    }
}
