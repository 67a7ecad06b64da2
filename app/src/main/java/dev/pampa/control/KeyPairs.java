package dev.pampa.control;

/** Key type names as SSH spells them. */
final class KeyPairs {
    static final String ED25519 = "ssh-ed25519";

    private KeyPairs() {
    }
}
