package dev.pampa.control.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDirectoryIsTheOwnersAlone() throws IOException {
        assertThat(mode(OwnerOnly.directory(tmp.resolve(".pampa")))).isEqualTo("rwx------");
    }

    @Test
    void anOpenDirectoryLeftByAnOlderVersionIsTightenedWithItsFilesKept() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(".pampa"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(dir.resolve("known_hosts"), "kept");
        assertThat(OwnerOnly.isOpenToOthers(dir)).isTrue();

        OwnerOnly.directory(dir);

        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(dir.resolve("known_hosts")).hasContent("kept");
    }

    @Test
    void aSecretFileIsNeverReadableByOthers() throws IOException {
        Path secret = tmp.resolve("pampa.secret");
        OwnerOnly.writeFile(secret, "s3cret\n");
        assertThat(mode(secret)).isEqualTo("rw-------");
        OwnerOnly.writeFile(secret, "other\n");
        assertThat(mode(secret)).isEqualTo("rw-------");
        assertThat(secret).hasContent("other");
    }
}
