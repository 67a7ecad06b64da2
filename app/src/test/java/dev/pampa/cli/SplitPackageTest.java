package dev.pampa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The app adds classes to the runtime's package dev.pampa.cli; a class of the same name would shadow
 * the runtime's in the one class path (the demo's dispatcher child ran the app's DispatcherCommand once).
 */
class SplitPackageTest {

    @Test
    void no_app_cli_class_takes_the_name_of_a_runtime_cli_class() throws Exception {
        Set<String> app = classNames(location(OperatorMain.class));
        Set<String> runtime = classNames(location(RuntimeMain.class));

        assertThat(runtime).contains("RuntimeMain.class");
        app.retainAll(runtime);
        assertThat(app).isEmpty();
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Set<String> classNames(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            return list(location.resolve("dev/pampa/cli"));
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return list(jar.getPath("dev/pampa/cli"));
        }
    }

    private static Set<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new TreeSet<>(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class")).toList());
        }
    }
}
