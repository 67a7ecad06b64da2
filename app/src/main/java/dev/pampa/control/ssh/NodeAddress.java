package dev.pampa.control.ssh;

/** Where a node's SSH server is and whom we log in as. */
public record NodeAddress(String host, int port, String user) {

    public NodeAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a node needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a node needs a user name");
        }
    }

    @Override
    public String toString() {
        return user + "@" + HostKeyTrust.hostPattern(host, port);
    }
}
