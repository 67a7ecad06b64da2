package dev.pampa.control.ssh;

import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import java.nio.file.Path;
import java.security.PublicKey;

/** The verdict on a server's host key against the known-hosts files. */
public sealed interface HostKeyCheck {

    /** OpenSSH's form, {@code SHA256:…}, of the key the server presented. */
    String presentedFingerprint();

    boolean accepted();

    /** What to tell the operator when the key is not accepted. */
    NodeProblem problem();

    /** The key is listed for this host in {@code file}. */
    record Known(String host, int port, String presentedFingerprint, Path file) implements HostKeyCheck {
        @Override
        public boolean accepted() {
            return true;
        }

        @Override
        public NodeProblem problem() {
            return null;
        }
    }

    /** No line names this host; the operator may compare the fingerprint and approve the key. */
    record Unknown(String host, int port, String presentedFingerprint, PublicKey presentedKey) implements HostKeyCheck {
        @Override
        public boolean accepted() {
            return false;
        }

        @Override
        public NodeProblem problem() {
            return new NodeProblem(NodeStep.HOST_KEY,
                    "the host key of " + HostKeyTrust.hostPattern(host, port) + " is unknown; its fingerprint is "
                            + presentedFingerprint,
                    "check the fingerprint with the node's administrator (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub),"
                            + " then approve it (--trust " + presentedFingerprint + ")");
        }
    }

    /** A line for this host lists another key of the same type: refused, someone may be in the middle. */
    record Changed(String host, int port, String presentedFingerprint, String knownFingerprint, Path file, int line)
            implements HostKeyCheck {
        @Override
        public boolean accepted() {
            return false;
        }

        @Override
        public NodeProblem problem() {
            return new NodeProblem(NodeStep.HOST_KEY,
                    "the host key of " + HostKeyTrust.hostPattern(host, port) + " changed: it was " + knownFingerprint
                            + ", the server now presents " + presentedFingerprint,
                    "if the node was reinstalled or re-keyed on purpose, remove line " + line + " of " + file
                            + " and approve the new key; otherwise do not connect");
        }
    }

    /** A line marks this key {@code @revoked}. */
    record Revoked(String host, int port, String presentedFingerprint, Path file, int line) implements HostKeyCheck {
        @Override
        public boolean accepted() {
            return false;
        }

        @Override
        public NodeProblem problem() {
            return new NodeProblem(NodeStep.HOST_KEY,
                    "the host key of " + HostKeyTrust.hostPattern(host, port) + " (" + presentedFingerprint
                            + ") is marked @revoked at line " + line + " of " + file,
                    "ask the node's administrator for a new host key");
        }
    }
}
