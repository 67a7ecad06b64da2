package dev.pampa.control.ssh;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;

/** A private key file is protected by a passphrase and none was given: asking for one may help, unlike for a missing file. */
public final class PassphraseNeededException extends NodeOperationException {

    public PassphraseNeededException(NodeProblem problem, Throwable cause) {
        super(problem, cause);
    }
}
