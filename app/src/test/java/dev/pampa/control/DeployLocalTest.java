package dev.pampa.control;

/** Deploy on the local node. */
class DeployLocalTest extends DeployContract {

    private final LocalShell shell = new LocalShell();

    @Override
    NodeShell shell() {
        return shell;
    }
}
