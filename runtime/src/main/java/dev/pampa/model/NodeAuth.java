package dev.pampa.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the operator's machine reaches a node. The stored word names the kind only: a key is kept as its
 * path, and a password is asked for once, to install a key, and never kept.
 */
public enum NodeAuth {
    /** A private key file; with no path, Pampa's own key (generated on first use). */
    KEY("key"),
    /** A password, given once when the key is installed; key authentication from then on. */
    PASSWORD("password"),
    /** The local node: no SSH at all. */
    NONE("none");

    private final String stored;

    NodeAuth(String stored) {
        this.stored = stored;
    }

    /** The word in {@code pampa.node.auth_kind} and in the YAML form. */
    public String stored() {
        return stored;
    }

    public static Optional<NodeAuth> ofStored(String word) {
        return Arrays.stream(values()).filter(a -> a.stored.equals(word)).findFirst();
    }
}
