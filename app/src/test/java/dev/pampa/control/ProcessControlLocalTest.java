package dev.pampa.control;

/** Process control on the local node. */
class ProcessControlLocalTest extends ProcessControlContract {

    private final LocalShell shell = new LocalShell();

    @Override
    NodeShell shell() {
        return shell;
    }
}
