package dev.pampa.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.cli.RuntimeMain;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The app and the runtime share one class path on the operator's machine: a package present in both
 * jars lets a class of one shadow the other's (the demo's dispatcher child once ran the app's
 * DispatcherCommand instead of the runtime's), so no package may live in both.
 */
class NoSplitPackageTest {

    @Test
    void no_package_is_in_both_the_app_and_the_runtime() throws Exception {
        Set<String> app = packages(location(OperatorMain.class));
        Set<String> runtime = packages(location(RuntimeMain.class));

        assertThat(runtime).contains("dev/pampa/cli", "dev/pampa/store");
        assertThat(app).contains("dev/pampa/operator");
        app.retainAll(runtime);
        assertThat(app).isEmpty();
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Set<String> packages(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            return packagesUnder(location.resolve("dev/pampa"), location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return packagesUnder(jar.getPath("/dev/pampa"), jar.getPath("/"));
        }
    }

    private static Set<String> packagesUnder(Path dir, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".class"))
                    .map(f -> root.relativize(f.getParent()).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
