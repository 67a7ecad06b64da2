package dev.pampa.control.node;

/**
 * Where a cluster operation says what it is doing on each node as it does it ("deploying", "started
 * local.1 as pid 4242"), so that a window can show every node's progress while the operation runs.
 * Called from the threads that work on the nodes, several at once.
 */
@FunctionalInterface
public interface NodeSteps {
    void step(String node, String step);
}
