package dev.pampa.control.node;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import java.nio.file.Path;
import java.util.List;

/** What a deploy puts on a node: the runtime jar into lib/, and the job jars into jobs/. */
public record JarsToDeploy(Path runtime, List<Path> jobs) {

    public JarsToDeploy {
        jobs = List.copyOf(jobs);
    }

    /** The jars that come with this program: its runtime jar and the sample jobs, when found. */
    public static JarsToDeploy shipped() throws NodeOperationException {
        Path runtime = ShippedJars.runtime().orElseThrow(() -> new NodeOperationException(new NodeProblem(NodeStep.DEPLOY,
                "no pampa-runtime.jar found near " + ShippedJars.home(), "build it (./mvnw package) or reinstall Pampa")));
        return new JarsToDeploy(runtime, shippedJobs());
    }

    /** The job jars that come with this program: the sample jobs, when found. */
    public static List<Path> shippedJobs() {
        return ShippedJars.sampleJobs().map(List::of).orElse(List.of());
    }
}
