package dev.pampa.control.ssh;

import dev.pampa.control.shell.NodeOperationException;

/**
 * The node's host key was not accepted: either unknown (the operator may approve its fingerprint,
 * then {@link HostKeyTrust#trust}) or changed (someone must edit the known-hosts line named).
 */
public final class HostKeyRefusedException extends NodeOperationException {

    private final HostKeyCheck check;

    public HostKeyRefusedException(HostKeyCheck check) {
        super(check.problem());
        this.check = check;
    }

    public HostKeyCheck check() {
        return check;
    }
}
