package dev.pampa.dispatch;

import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ElasticAssignmentTest {
    private static final List<String> LIVE = List.of("n01.1", "n01.2", "n02.1", "n02.2", "n03.1");

    private static JobSpec job(String extra) throws InvalidSpecException {
        return JobYaml.parse("name: j\ntable: t\nprocessor: a.B\n" + extra, "test");
    }

    @Test
    void withoutElasticParametersEveryMatchingLiveWorkerIsUsed() throws Exception {
        assertThat(ElasticAssignment.choose(job(""), LIVE, Set.of(), 1_000_000, Map.of())).isEqualTo(LIVE);
        assertThat(ElasticAssignment.choose(job("filter_worker_id: 'n0[12]\\..*'"), LIVE, Set.of(), 5, Map.of()))
                .containsExactly("n01.1", "n01.2", "n02.1", "n02.2");
    }

    @Test
    void oneWorkerPerMaxPendingTasksBetweenOneAndTheMaximum() throws Exception {
        JobSpec j = job("max_assigned_workers: 3\nmax_pending_tasks: 100");
        assertThat(ElasticAssignment.desiredWorkers(j, 0)).isEqualTo(1);
        assertThat(ElasticAssignment.desiredWorkers(j, 100)).isEqualTo(1);
        assertThat(ElasticAssignment.desiredWorkers(j, 101)).isEqualTo(2);
        assertThat(ElasticAssignment.desiredWorkers(j, 250)).isEqualTo(3);
        assertThat(ElasticAssignment.desiredWorkers(j, 1_000_000)).isEqualTo(3);
        assertThat(ElasticAssignment.desiredWorkers(job("max_assigned_workers: 4"), 1)).isEqualTo(4);
    }

    @Test
    void workersAlreadyAssignedStayAndNewOnesAreTheLeastBusy() throws Exception {
        JobSpec j = job("max_assigned_workers: 3\nmax_pending_tasks: 10");
        List<String> chosen = ElasticAssignment.choose(j, LIVE, Set.of("n02.2"), 30, Map.of("n01.1", 2, "n01.2", 1, "n02.1", 0, "n03.1", 0));
        assertThat(chosen).containsExactly("n02.1", "n02.2", "n03.1");
        assertThat(ElasticAssignment.choose(j, LIVE, Set.of("n02.2", "n01.1"), 5, Map.of())).containsExactly("n01.1");
    }
}
