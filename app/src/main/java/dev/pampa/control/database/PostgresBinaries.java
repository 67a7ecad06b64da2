package dev.pampa.control.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks the bundled PostgreSQL binaries with the system's {@code tar} and {@code xz} before the
 * embedded-database library looks for them. The library unpacks with a Java XZ decoder, about 3 s of a
 * first start on this machine against about 1 s for the system's tools (BENCHMARKS.md, issue 13), and
 * the first start is the one a new operator waits through.
 *
 * <p>The result is laid out as the library lays out its own ({@code PG-<md5 of the archive>} holding the
 * files and an {@code .exists} marker newer than them), so the library finds it ready and uses it.
 * Anything unexpected (no tar, another system, a different layout in a later library) leaves the
 * directory as it was, and the library unpacks as before: slower, never wrong.
 */
final class PostgresBinaries {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String READY_MARKER = ".exists";

    private PostgresBinaries() {
    }

    /** @return true when this call unpacked them (false: already there, or left to the library) */
    static boolean unpackAhead(Path workingDirectory) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return false;
        }
        String arch = System.getProperty("os.arch", "");
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "amd64".equals(arch) ? "x86_64" : arch)) {
            if (in == null) {
                return false;
            }
            archive = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return false;
        }
        Path target = workingDirectory.resolve("PG-" + md5(archive));
        if (Files.exists(target.resolve(READY_MARKER))) {
            return false;
        }
        Path staging = null;
        try {
            staging = Files.createTempDirectory(workingDirectory, "PG-unpacking-");
            if (!untar(archive, staging)) {
                return false;
            }
            Files.createFile(staging.resolve(READY_MARKER));
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            staging = null;
            // newer than the directory's own time, whatever the move did to it
            Files.setLastModifiedTime(target.resolve(READY_MARKER), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 1000));
            LOG.info("PostgreSQL binaries unpacked with the system's tar into {}", target);
            return true;
        } catch (IOException e) {
            // another process got there first, or the disk refused: the library sees to it
            LOG.debug("left unpacking PostgreSQL to the embedded-database library: {}", e.toString());
            return false;
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    private static boolean untar(byte[] archive, Path into) throws IOException {
        Process tar;
        try {
            tar = new ProcessBuilder("tar", "-xJf", "-", "-C", into.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noTar) {
            return false;
        }
        try (OutputStream in = tar.getOutputStream()) {
            in.write(archive);
        } catch (IOException e) {
            tar.destroyForcibly();
            return false;
        }
        try {
            if (!tar.waitFor(120, TimeUnit.SECONDS)) {
                tar.destroyForcibly();
                return false;
            }
        } catch (InterruptedException e) {
            tar.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
        return tar.exitValue() == 0 && Files.isRegularFile(into.resolve("bin/postgres"));
    }

    private static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has MD5", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover staging directory costs only disk space
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
