package dev.pampa.control.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.config.hosts.KnownHostHashValue;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Decides whether a server's host key is the one we know for that host: Pampa's own known-hosts file
 * (which {@link #trust} appends to) first, then the user's {@code ~/.ssh/known_hosts}, read only.
 * An unknown key is refused with its fingerprint so that the operator can approve it; a changed key is
 * refused with both fingerprints and the line to edit. The check is stateless, so a key re-exchange
 * with the same key passes again.
 */
public final class HostKeyTrust {

    private final Path pampaKnownHosts;
    private final Path userKnownHosts;
    private final boolean hashHostNames;

    public HostKeyTrust(Path pampaKnownHosts, Path userKnownHosts, boolean hashHostNames) {
        this.pampaKnownHosts = Objects.requireNonNull(pampaKnownHosts);
        this.userKnownHosts = userKnownHosts;
        this.hashHostNames = hashHostNames;
    }

    /** {@code ~/.pampa/known_hosts} plus {@code ~/.ssh/known_hosts}, host names hashed as OpenSSH does. */
    public static HostKeyTrust forOperator() {
        Path home = Path.of(System.getProperty("user.home"));
        return new HostKeyTrust(home.resolve(".pampa").resolve("known_hosts"),
                home.resolve(".ssh").resolve("known_hosts"), true);
    }

    public Path pampaKnownHosts() {
        return pampaKnownHosts;
    }

    public HostKeyCheck check(String host, int port, PublicKey presented) {
        String fingerprint = fingerprint(presented);
        HostKeyCheck changed = null;
        for (Path file : files()) {
            for (Entry e : entries(file)) {
                KnownHostEntry entry = e.entry();
                PublicKey listed;
                try {
                    if (!entry.isHostMatch(host, port)) {
                        continue;
                    }
                    listed = entry.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
                } catch (Exception unreadable) {
                    continue; // a line we cannot read cannot vouch for a key; OpenSSH skips it too
                }
                int i = e.number() - 1;
                if (listed == null || "cert-authority".equals(entry.getMarker())) {
                    continue;
                }
                boolean same = KeyUtils.compareKeys(listed, presented);
                if (same && "revoked".equals(entry.getMarker())) {
                    return new HostKeyCheck.Revoked(host, port, fingerprint, file, i + 1);
                }
                if (same && entry.getMarker() == null) {
                    return new HostKeyCheck.Known(host, port, fingerprint, file);
                }
                // any other key on record for the host makes this one a change, whatever its type: a
                // man in the middle would present a type the operator has not recorded
                if (!same && changed == null && entry.getMarker() == null) {
                    changed = new HostKeyCheck.Changed(host, port, fingerprint, fingerprint(listed), file, i + 1);
                }
            }
        }
        return changed != null ? changed : new HostKeyCheck.Unknown(host, port, fingerprint, presented);
    }

    /**
     * The key types on record for host:port ({@code ssh-ed25519}, {@code ssh-rsa}, …), in file order:
     * the connection asks the server for one of these first, as OpenSSH does, so that a server with
     * several host keys presents the one we know rather than one that would read as changed.
     */
    public List<String> knownKeyTypes(String host, int port) {
        List<String> types = new ArrayList<>();
        for (Path file : files()) {
            for (Entry e : entries(file)) {
                try {
                    KnownHostEntry entry = e.entry();
                    if (entry.getMarker() == null && entry.isHostMatch(host, port)) {
                        PublicKey listed = entry.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
                        if (listed != null && !types.contains(KeyUtils.getKeyType(listed))) {
                            types.add(KeyUtils.getKeyType(listed));
                        }
                    }
                } catch (Exception unreadable) {
                    // as in check(): an unreadable line vouches for nothing
                }
            }
        }
        return types;
    }

    /**
     * Records an unknown key the operator approved, provided the fingerprint they approved (from the
     * CLI's {@code --trust SHA256:…} or a dialog) is the one the server presented.
     */
    public void approve(HostKeyCheck.Unknown unknown, String approvedFingerprint) {
        if (!unknown.presentedFingerprint().equals(approvedFingerprint == null ? null : approvedFingerprint.strip())) {
            throw new IllegalArgumentException("the approved fingerprint " + approvedFingerprint + " is not the one "
                    + hostPattern(unknown.host(), unknown.port()) + " presented (" + unknown.presentedFingerprint() + ")");
        }
        trust(unknown.host(), unknown.port(), unknown.presentedKey());
    }

    /**
     * Appends the key for host:port to Pampa's known-hosts file (created 0600 if missing). Does nothing
     * when the key is already known; refuses when another key (of any type) is listed for the host,
     * since replacing a changed key is for the operator to do in the file named.
     */
    public void trust(String host, int port, PublicKey key) {
        HostKeyCheck current = check(host, port, key);
        if (current instanceof HostKeyCheck.Known) {
            return;
        }
        if (!(current instanceof HostKeyCheck.Unknown)) {
            throw new IllegalStateException(current.problem().toString());
        }
        try {
            StringBuilder line = new StringBuilder();
            if (hashHostNames) {
                byte[] salt = new byte[20];
                new SecureRandom().nextBytes(salt);
                byte[] digest = KnownHostHashValue.calculateHashValue(host, port, KnownHostHashValue.DEFAULT_DIGEST, salt);
                KnownHostHashValue.append(line, KnownHostHashValue.DEFAULT_DIGEST, salt, digest);
            } else {
                line.append(hostPattern(host, port));
            }
            line.append(' ').append(PublicKeyEntry.toString(key)).append('\n');
            Files.createDirectories(pampaKnownHosts.toAbsolutePath().getParent());
            if (Files.notExists(pampaKnownHosts)) {
                Files.createFile(pampaKnownHosts, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            String existing = Files.readString(pampaKnownHosts, StandardCharsets.UTF_8);
            if (!existing.isEmpty() && !existing.endsWith("\n")) {
                line.insert(0, '\n');
            }
            Files.writeString(pampaKnownHosts, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            parsed.remove(pampaKnownHosts);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + pampaKnownHosts, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not hash the host name for " + pampaKnownHosts, e);
        }
    }

    /** {@code host} for port 22, {@code [host]:port} otherwise, as known_hosts writes it. */
    public static String hostPattern(String host, int port) {
        return KnownHostHashValue.createHostPattern(host, port);
    }

    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(key);
    }

    /**
     * A verifier for one connection to host:port, which hands every verdict (the first exchange and
     * each re-exchange) to {@code verdicts}, so that a refused connection can say why.
     */
    public ServerKeyVerifier verifierFor(String host, int port, Consumer<HostKeyCheck> verdicts) {
        return (session, remoteAddress, serverKey) -> {
            HostKeyCheck check = check(host, port, serverKey);
            verdicts.accept(check);
            return check.accepted();
        };
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        files.add(pampaKnownHosts);
        if (userKnownHosts != null) {
            files.add(userKnownHosts);
        }
        return files;
    }

    /** A readable line of a known-hosts file, numbered from 1 as an editor shows it. */
    private record Entry(int number, KnownHostEntry entry) {
    }

    /** A file as parsed, with the modification time and size it had: a 100-node operation parses it once, not 200 times. */
    private record Parsed(java.nio.file.attribute.FileTime modified, long size, List<Entry> entries) {
    }

    private final java.util.Map<Path, Parsed> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    private List<Entry> entries(Path file) {
        java.nio.file.attribute.FileTime modified;
        long size;
        try {
            if (!Files.isRegularFile(file)) {
                parsed.remove(file);
                return List.of();
            }
            modified = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read known hosts " + file, e);
        }
        Parsed known = parsed.get(file);
        if (known != null && known.modified().equals(modified) && known.size() == size) {
            return known.entries();
        }
        List<String> lines = readLines(file);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                KnownHostEntry entry = KnownHostEntry.parseKnownHostEntry(line);
                if (entry != null) {
                    entries.add(new Entry(i + 1, entry));
                }
            } catch (Exception unreadable) {
                // a line we cannot read cannot vouch for a key; OpenSSH skips it too
            }
        }
        List<Entry> result = List.copyOf(entries);
        parsed.put(file, new Parsed(modified, size, result));
        return result;
    }

    private static List<String> readLines(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read known hosts " + file, e);
        }
    }
}
