package dev.pampa.dispatch;

import dev.pampa.store.JobStore.StoredJob;
import dev.pampa.store.TaskTable;
import dev.pampa.jobcode.JobFunctions;

/** A job as the dispatcher steers it: its table and its selecting, relaunching, occupied and allowing functions (null when they cannot be loaded: then only take-backs run). */
record JobDispatch(StoredJob stored, TaskTable table, JobFunctions functions) {
    String name() {
        return stored.name();
    }
}
