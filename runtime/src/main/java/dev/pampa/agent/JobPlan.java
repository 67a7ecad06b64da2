package dev.pampa.agent;

import java.util.List;

/**
 * What one cycle asks of one job: queued rows to start per worker ({@code startWorkers[i]} gets
 * {@code startCounts[i]}), and slots of pending rows to reserve ({@code slotWorkers[i]}, started at
 * once when {@code slotStarts[i]}).
 */
record JobPlan(AgentJob job, List<String> startWorkers, List<Integer> startCounts, List<String> slotWorkers, List<Boolean> slotStarts) {
    boolean isEmpty() {
        return startWorkers.isEmpty() && slotWorkers.isEmpty();
    }
}
