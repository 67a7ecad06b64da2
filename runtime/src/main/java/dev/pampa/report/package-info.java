/**
 * What the operator is shown about the cluster: plain records of jobs' progress, workers, nodes,
 * the dispatcher and failed tasks, with the small computations on them (rates, ages, states). No SQL
 * and no jOOQ here: the queries that fill these records live in the store ({@code dev.pampa.store}
 * and {@code dev.pampa.store.monitor}), and the cockpit and the CLIs read them through their typed
 * ports. The records sit in the runtime, not in the app, because the store returns them: one type
 * per fact, shared by the store that fills it and every screen or command that shows it, instead of
 * a store record copied field by field into a look-alike for the screens.
 */
package dev.pampa.report;
