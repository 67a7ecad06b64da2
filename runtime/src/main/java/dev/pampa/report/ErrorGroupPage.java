package dev.pampa.report;

import java.util.List;

/**
 * One page of a job's error groups with the true totals of all of them, so a screen can say
 * "showing 100 of 2,340 groups" and ask about the real number of dead tasks.
 *
 * @param groups      the page, in the order asked
 * @param totalGroups groups in all
 * @param totalTasks  failed or dead tasks in all
 * @param totalDead   dead tasks in all
 */
public record ErrorGroupPage(List<ErrorGroup> groups, long totalGroups, long totalTasks, long totalDead) {
    public static ErrorGroupPage empty() {
        return new ErrorGroupPage(List.of(), 0, 0, 0);
    }
}
