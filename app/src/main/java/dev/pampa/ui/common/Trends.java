package dev.pampa.ui.common;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent values of a figure per thing (a worker's CPU, a node's memory), kept in the view model
 * for sparklines: the last {@link #capacity} readings each, nothing stored in the database. A reading
 * that measured nothing (a stopped process) adds nothing, so a trend shows only measured values.
 * FX thread only.
 */
public final class Trends {
    private final int capacity;
    private final Map<String, Deque<Double>> values = new HashMap<>();

    public Trends(int capacity) {
        this.capacity = capacity;
    }

    /** Adds {@code value} to the trend of {@code key}; a null value adds nothing. */
    public void record(String key, Number value) {
        if (value == null) {
            return;
        }
        Deque<Double> d = values.computeIfAbsent(key, k -> new ArrayDeque<>());
        d.addLast(value.doubleValue());
        while (d.size() > capacity) {
            d.removeFirst();
        }
    }

    /** Oldest first; empty when nothing was measured. */
    public List<Double> of(String key) {
        Deque<Double> d = values.get(key);
        return d == null ? List.of() : List.copyOf(d);
    }

    /** Forgets the things no longer shown, so that a long session does not keep every name it ever saw. */
    public void retainOnly(Collection<String> keys) {
        values.keySet().retainAll(keys);
    }
}
