package dev.pampa.control.shell;

/**
 * What a remote command returned. {@code exitStatus} is null when the server did not send one (the
 * channel closed without it): that is unknown, never success.
 */
public record CommandResult(Integer exitStatus, String stdout, String stderr) {

    public boolean succeeded() {
        return exitStatus != null && exitStatus == 0;
    }
}
