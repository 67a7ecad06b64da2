package dev.pampa.dispatch;

import dev.pampa.model.JobSpec;
import dev.pampa.model.WorkerFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which live workers a job may fill. Without {@code max_assigned_workers}, every live worker whose
 * name matches {@code filter_worker_id}. With it, the job scales: one worker per
 * {@code max_pending_tasks} pending tasks (all of max_assigned_workers when that is unset), at least
 * one and at most {@code max_assigned_workers}. Workers already assigned stay first, so queues are
 * not moved around; new ones are those serving the fewest other jobs.
 *
 * <p>The Ruby original compared {@code pendings.size}, the byte size of an Integer (8), with
 * max_pending_tasks, so its scaling never followed the backlog; this one counts the rows.
 */
public final class ElasticAssignment {
    private ElasticAssignment() {
    }

    public static int desiredWorkers(JobSpec spec, long pending) {
        if (!spec.elastic()) {
            return Integer.MAX_VALUE;
        }
        int max = spec.maxAssignedWorkers();
        if (spec.maxPendingTasks() == null) {
            return max;
        }
        long wanted = (pending + spec.maxPendingTasks() - 1) / spec.maxPendingTasks();
        return (int) Math.max(1, Math.min(max, wanted));
    }

    public static List<String> choose(JobSpec spec, List<String> live, Set<String> current, long pending,
                                      Map<String, Integer> otherJobsPerWorker) {
        WorkerFilter filter = spec.filterWorkerId() == null ? null : new WorkerFilter(spec.filterWorkerId());
        List<String> candidates = live.stream().filter(w -> filter == null || filter.matches(w)).sorted().toList();
        int desired = desiredWorkers(spec, pending);
        if (desired >= candidates.size()) {
            return candidates;
        }
        List<String> chosen = new ArrayList<>();
        candidates.stream().filter(current::contains).limit(desired).forEach(chosen::add);
        candidates.stream()
                .filter(w -> !chosen.contains(w))
                .sorted(Comparator.comparing((String w) -> otherJobsPerWorker.getOrDefault(w, 0)).thenComparing(w -> w))
                .limit(Math.max(0, desired - chosen.size()))
                .forEach(chosen::add);
        chosen.sort(null);
        return chosen;
    }
}
