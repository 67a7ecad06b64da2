package dev.pampa.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's figures from its processes': CPU, memory and disk add up, network is the namespace's (the largest); nothing measured stays null. */
class ResourceUsageSumTest {
    @Test
    void measuredFiguresAddUpAndUnmeasuredOnesStayUnknown() {
        ResourceUsage agent = new ResourceUsage(2.0, 50_000L, 100L, 200L, 1_000L, 2_000L, ResourceUsage.NET_NAMESPACE);
        ResourceUsage worker = new ResourceUsage(90.0, 120_000L, null, 300L, 1_200L, 1_900L, ResourceUsage.NET_NAMESPACE);
        ResourceUsage sum = ResourceUsage.sum(List.of(ResourceUsage.NONE, agent, ResourceUsage.NONE, worker));
        assertThat(sum).isEqualTo(new ResourceUsage(92.0, 170_000L, 100L, 500L, 1_200L, 2_000L, ResourceUsage.NET_NAMESPACE));
        assertThat(ResourceUsage.sum(List.of(ResourceUsage.NONE, ResourceUsage.NONE))).isEqualTo(ResourceUsage.NONE);
        assertThat(ResourceUsage.sum(List.of())).isEqualTo(ResourceUsage.NONE);
    }
}
