package dev.pampa.agent;

import dev.pampa.api.WorkerLoad;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one cycle of the agent asks of each job: for every worker assigned to it and connected, how many
 * queued rows to start and how many pending rows to reserve (started at once or only queued), as the
 * job's occupied and allowing functions allow, and how many started tasks fit in the batch budget
 * (ADR 0005).
 */
final class CyclePlanner {
    /** A user's occupied/allowing functions are asked again after each step; this bounds a pair that always says yes. */
    static final int MAX_PLAN_STEPS = 10_000;

    private CyclePlanner() {
    }

    /** For each job, which workers get how many tasks, asked of its occupied and allowing functions. */
    static List<JobPlan> plan(Collection<AgentJob> jobs, Map<String, Set<String>> assigned, Map<String, WorkerLink> links, AgentSettings settings, long cycles, long now) {
        List<JobPlan> plans = new ArrayList<>();
        Map<String, Integer> planned = new HashMap<>();
        List<AgentJob> order = new ArrayList<>(jobs);
        if (!order.isEmpty()) {
            // jobs take turns being first, so one busy job does not fill every worker each cycle
            Collections.rotate(order, -(int) (cycles % order.size()));
        }
        for (AgentJob job : order) {
            if (job.stored.paused() || job.functions == null || job.failingUntil > now) {
                continue;
            }
            Set<String> mine = assigned.getOrDefault(job.name(), Set.of());
            List<String> workers = new ArrayList<>();
            for (String w : mine) {
                WorkerLink l = links.get(w);
                if (l != null && !l.leaving && !l.isClosed() && !l.cannotRun.contains(job.name())) {
                    workers.add(w);
                }
            }
            if (workers.isEmpty()) {
                continue;
            }
            Collections.sort(workers);
            Collections.rotate(workers, -(int) (cycles % workers.size()));
            int queueSize = job.stored.spec().queueSize();
            int ahead = job.startAhead(settings);
            boolean dry = job.dryUntil > now;
            List<String> startWorkers = new ArrayList<>();
            List<Integer> startCounts = new ArrayList<>();
            Map<String, int[]> claims = new LinkedHashMap<>();
            for (String w : workers) {
                WorkerLink l = links.get(w);
                int want = Math.max(0, ahead - l.inHand.size() - planned.getOrDefault(w, 0));
                int q = job.queuedFor(w);
                int fromQueue = Math.min(want, q);
                want -= fromQueue;
                int queued = q - fromQueue;
                int running = l.inHandOf(job.name()) + fromQueue;
                int startNow = 0;
                int reserve = 0;
                for (int step = 0; step < MAX_PLAN_STEPS && !dry; step++) {
                    WorkerLoad load = new WorkerLoad(w, job.name(), queued, running);
                    int occupied = job.functions.occupied().occupied(load);
                    if (!job.functions.allowing().allows(load, occupied, queueSize)) {
                        break;
                    }
                    int room = queueSize - occupied;
                    if (room <= 0) {
                        break;
                    }
                    int now2 = Math.min(room, want);
                    startNow += now2;
                    running += now2;
                    want -= now2;
                    reserve += room - now2;
                    queued += room - now2;
                    if (now2 == 0) {
                        break;
                    }
                }
                if (fromQueue > 0) {
                    startWorkers.add(w);
                    startCounts.add(fromQueue);
                }
                if (startNow + reserve > 0) {
                    claims.put(w, new int[] {startNow, reserve});
                }
                planned.merge(w, fromQueue + startNow, Integer::sum);
            }
            // round-robin over the workers, starts before reservations: scarce tasks are spread and run first
            List<String> slotWorkers = new ArrayList<>();
            List<Boolean> slotStarts = new ArrayList<>();
            boolean more = true;
            for (int round = 0; more; round++) {
                more = false;
                for (Map.Entry<String, int[]> e : claims.entrySet()) {
                    int[] sr = e.getValue();
                    if (round < sr[0] + sr[1]) {
                        slotWorkers.add(e.getKey());
                        slotStarts.add(round < sr[0]);
                        more = true;
                    }
                }
            }
            JobPlan p = new JobPlan(job, startWorkers, startCounts, slotWorkers, slotStarts);
            if (!p.isEmpty()) {
                plans.add(p);
            }
        }
        return plans;
    }
}
