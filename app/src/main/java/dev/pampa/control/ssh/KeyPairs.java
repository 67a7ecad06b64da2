package dev.pampa.control.ssh;

/** Key type names as SSH spells them. */
public final class KeyPairs {
    public static final String ED25519 = "ssh-ed25519";

    private KeyPairs() {
    }
}
