package dev.pampa.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The columns of the task table that track each task's dispatch. Names are the job's choice, so a
 * table prepared for the Ruby Pampa works as it is.
 *
 * @param scheduledTime the column that holds when a task may start ({@code field_scheduled_time});
 *                      null when the job's tasks never wait for their time
 */
public record FieldMap(String primaryKey, String id, String time, String times, String startTime,
                       String endTime, String success, String errorDescription, String scheduledTime) {

    /** The field map of a job whose tasks never wait for their time. */
    public FieldMap(String primaryKey, String id, String time, String times, String startTime,
                    String endTime, String success, String errorDescription) {
        this(primaryKey, id, time, times, startTime, endTime, success, errorDescription, null);
    }

    /** True when tasks wait for the time in {@link #scheduledTime}. */
    public boolean scheduled() {
        return scheduledTime != null;
    }

    /**
     * Parameter name to column name, in the canonical order of docs/design.md §3; field_scheduled_time
     * last and only when the job names it.
     */
    public Map<String, String> byParameter() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field_primary_key", primaryKey);
        m.put("field_id", id);
        m.put("field_time", time);
        m.put("field_times", times);
        m.put("field_start_time", startTime);
        m.put("field_end_time", endTime);
        m.put("field_success", success);
        m.put("field_error_description", errorDescription);
        if (scheduledTime != null) {
            m.put("field_scheduled_time", scheduledTime);
        }
        return m;
    }
}
