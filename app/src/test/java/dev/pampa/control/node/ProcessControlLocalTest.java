package dev.pampa.control.node;

import dev.pampa.control.shell.LocalShell;
import dev.pampa.control.shell.NodeShell;

/** Process control on the local node. */
class ProcessControlLocalTest extends ProcessControlContract {

    private final LocalShell shell = new LocalShell();

    @Override
    NodeShell shell() {
        return shell;
    }
}
