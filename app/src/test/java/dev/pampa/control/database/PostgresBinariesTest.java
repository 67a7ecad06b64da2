package dev.pampa.control.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {
    @TempDir
    Path dir;

    @Test
    void unpacksOnceInTheLibrarysLayoutWithTheReadyMarkerNewestAndNothingLeftOver() throws Exception {
        Path binaries = Files.createDirectories(dir.resolve("pg-binaries"));

        assertThat(PostgresBinaries.unpackAhead(binaries)).isTrue();

        List<Path> entries;
        try (Stream<Path> s = Files.list(binaries)) {
            entries = s.toList();
        }
        assertThat(entries).as("one PG-<md5> directory, no staging left").singleElement()
                .satisfies(p -> assertThat(p.getFileName().toString()).matches("PG-[0-9a-f]{32}"));
        Path pg = entries.get(0);
        Path marker = pg.resolve(".exists");
        assertThat(Files.getLastModifiedTime(marker).toMillis()).as("newer than the directory (the library's readiness check)")
                .isGreaterThanOrEqualTo(Files.getLastModifiedTime(pg).toMillis() - 100);
        try (Stream<Path> s = Files.list(pg)) {
            long newest = s.filter(p -> !p.equals(marker)).mapToLong(p -> lastModified(p)).max().orElseThrow();
            assertThat(Files.getLastModifiedTime(marker).toMillis()).isGreaterThanOrEqualTo(newest);
        }
        Process version = new ProcessBuilder(pg.resolve("bin/postgres").toString(), "--version").redirectErrorStream(true).start();
        assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(version.getInputStream().readAllBytes())).startsWith("postgres (PostgreSQL)");

        assertThat(PostgresBinaries.unpackAhead(binaries)).as("already there: left alone").isFalse();
    }

    /** A first start as an operator makes it: the library finds the binaries ready and does not unpack them again. */
    @Test
    void aFirstStartUsesThemAndLeavesTheDirectoryToItsOwner() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        int port = EmbeddedDatabaseTest.freePort();
        String out = operator(home, "db", "start", "--port", Integer.toString(port));
        try {
            assertThat(out).contains("PostgreSQL binaries unpacked with the system's tar").doesNotContain("Extracting Postgres");
            assertThat(out).contains("running: embedded PostgreSQL on localhost:" + port);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".pampa/pg-binaries")))).isEqualTo("rwx------");
        } finally {
            operator(home, "db", "stop");
        }
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String operator(Path home, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), "dev.pampa.operator.OperatorMain"));
        line.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(line).redirectErrorStream(true);
        pb.environment().remove("PAMPA_PG_BINARIES");
        pb.environment().remove("PAMPA_DB");
        pb.environment().put("PAMPA_HOME", home.resolve(".pampa").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
