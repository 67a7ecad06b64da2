package dev.pampa.agent;

import dev.pampa.api.AllowingFunction;
import dev.pampa.api.OccupiedFunction;
import dev.pampa.api.RelaunchingFunction;
import dev.pampa.api.SelectingFunction;
import dev.pampa.model.JobYaml;
import dev.pampa.store.JobStore.StoredJob;
import dev.pampa.testing.jobs.CountRunningToo;
import dev.pampa.jobcode.JobFunctions;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's plan for a cycle: the job's functions as the dispatcher asked them, and the batch budget. */
class CyclePlannerTest {
    private static final AgentSettings SETTINGS = AgentSettings.defaults();

    private static AgentJob job(boolean paused, OccupiedFunction occupied) throws Exception {
        StoredJob s = new StoredJob(JobYaml.parse("name: j\ntable: items\nprocessor: p.P\nqueue_size: 5\n", "test"), paused, OffsetDateTime.now());
        return new AgentJob(s, new JobFunctions(null, SelectingFunction.DEFAULT, RelaunchingFunction.DEFAULT, occupied, AllowingFunction.DEFAULT));
    }

    private static Map<String, WorkerLink> links(String... workers) {
        Map<String, WorkerLink> m = new TreeMap<>();
        int id = 0;
        for (String w : workers) {
            WorkerLink l = new WorkerLink(++id, null);
            l.worker = w;
            m.put(w, l);
        }
        return m;
    }

    private static List<JobPlan> plan(AgentJob job, Map<String, WorkerLink> links, Set<String> assigned) {
        return CyclePlanner.plan(List.of(job), Map.of("j", assigned), links, SETTINGS, 0, System.nanoTime());
    }

    private static long starts(JobPlan p, String w) {
        return java.util.stream.IntStream.range(0, p.slotWorkers().size()).filter(i -> p.slotWorkers().get(i).equals(w) && p.slotStarts().get(i)).count();
    }

    private static long reserves(JobPlan p, String w) {
        return java.util.stream.IntStream.range(0, p.slotWorkers().size()).filter(i -> p.slotWorkers().get(i).equals(w) && !p.slotStarts().get(i)).count();
    }

    @Test
    void untilTheSpeedIsKnownAWorkerGetsOneStartedTaskAndAFullQueue() throws Exception {
        JobPlan p = plan(job(false, OccupiedFunction.DEFAULT), links("n.1"), Set.of("n.1")).get(0);
        assertThat(starts(p, "n.1")).isEqualTo(1);
        assertThat(reserves(p, "n.1")).isEqualTo(5);
    }

    @Test
    void fastTasksAreStartedUpToTheBatchBudgetWhenStartedOnesDoNotCount() throws Exception {
        AgentJob j = job(false, OccupiedFunction.DEFAULT);
        j.observe(10_000); // 0.01 ms a task: 50 ms hold 5,000, capped at 500
        JobPlan p = plan(j, links("n.1"), Set.of("n.1")).get(0);
        assertThat(starts(p, "n.1")).isEqualTo(SETTINGS.maxBatch());
        assertThat(reserves(p, "n.1")).isEqualTo(5);
    }

    @Test
    void anOccupiedFunctionCountingRunningTasksCapsAWorkerAtQueueSize() throws Exception {
        AgentJob j = job(false, new CountRunningToo());
        j.observe(10_000);
        JobPlan p = plan(j, links("n.1"), Set.of("n.1")).get(0);
        assertThat(starts(p, "n.1") + reserves(p, "n.1")).isEqualTo(5);
    }

    @Test
    void slotsGoRoundRobinSoScarceTasksAreSpread() throws Exception {
        JobPlan p = plan(job(false, OccupiedFunction.DEFAULT), links("n.1", "n.2"), Set.of("n.1", "n.2")).get(0);
        assertThat(p.slotWorkers().subList(0, 4)).containsExactlyInAnyOrder("n.1", "n.2", "n.1", "n.2");
        assertThat(p.slotStarts().subList(0, 2)).containsExactly(true, true);
        assertThat(p.slotWorkers().get(0)).isNotEqualTo(p.slotWorkers().get(1));
    }

    @Test
    void nothingForAPausedJobAWorkerNotAssignedOrOneThatCannotRunIt() throws Exception {
        assertThat(plan(job(true, OccupiedFunction.DEFAULT), links("n.1"), Set.of("n.1"))).isEmpty();
        assertThat(plan(job(false, OccupiedFunction.DEFAULT), links("n.1"), Set.of("n.2"))).isEmpty();
        Map<String, WorkerLink> links = links("n.1");
        links.get("n.1").cannotRun.add("j");
        assertThat(plan(job(false, OccupiedFunction.DEFAULT), links, Set.of("n.1"))).isEmpty();
        links.get("n.1").cannotRun.clear();
        links.get("n.1").leaving = true;
        assertThat(plan(job(false, OccupiedFunction.DEFAULT), links, Collections.singleton("n.1"))).isEmpty();
    }
}
