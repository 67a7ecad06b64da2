package dev.pampa.control.shell;

/**
 * What went wrong on a node, in the operator's terms: the step that failed, the cause, and what to
 * do about it. Never carries a password or a passphrase.
 */
public record NodeProblem(NodeStep step, String cause, String fix) {

    @Override
    public String toString() {
        return step.label() + ": " + cause + " — " + fix;
    }
}
