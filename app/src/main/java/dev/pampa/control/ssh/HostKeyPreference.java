package dev.pampa.control.ssh;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.signature.Signature;

/**
 * The order in which a connection asks for host key algorithms: those of the key types on record for
 * the host first, the library's own order otherwise. Since any unrecorded key of a known host is
 * refused as changed, a server with several host keys must be asked for the one we know.
 */
final class HostKeyPreference {
    private HostKeyPreference() {
    }

    static List<NamedFactory<Signature>> knownTypesFirst(List<NamedFactory<Signature>> factories, List<String> knownKeyTypes) {
        if (knownKeyTypes.isEmpty()) {
            return factories;
        }
        List<NamedFactory<Signature>> first = new ArrayList<>();
        List<NamedFactory<Signature>> rest = new ArrayList<>();
        for (NamedFactory<Signature> f : factories) {
            (knownKeyTypes.contains(keyType(f.getName())) ? first : rest).add(f);
        }
        first.addAll(rest);
        return first;
    }

    /** {@code rsa-sha2-512} and {@code rsa-sha2-256} sign with an {@code ssh-rsa} key; the other names are their key's type. */
    static String keyType(String signatureAlgorithm) {
        String canonical = KeyUtils.getCanonicalKeyType(signatureAlgorithm);
        return canonical == null ? signatureAlgorithm : canonical;
    }
}
