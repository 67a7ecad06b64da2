package dev.pampa.control.node;

import dev.pampa.control.shell.LocalShell;
import dev.pampa.control.shell.NodeShell;

/** Deploy on the local node. */
class DeployLocalTest extends DeployContract {

    private final LocalShell shell = new LocalShell();

    @Override
    NodeShell shell() {
        return shell;
    }
}
