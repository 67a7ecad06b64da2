package dev.pampa.cli;

import dev.pampa.store.Database;
import dev.pampa.store.DatabaseUnavailableException;
import dev.pampa.store.DbUrl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * The training run of a node's class data archive, run once per deploy as {@code java
 * -XX:ArchiveClassesAtExit=pampa-runtime.jsa -jar pampa-runtime.jar cds-training}: it loads the classes
 * a worker and the dispatcher use, without a database, so that the JVM archives them parsed and
 * verified, and many workers starting at once on a node skip that work and share the pages.
 *
 * <p>Loading whole packages rather than replaying a worker's run: that needs no database, and a class
 * archived but never used costs only address space. Jackson, Flyway and SnakeYAML are left out:
 * workers do not load them.
 */
@Command(name = "cds-training", hidden = true,
        description = "Loads the classes of workers and the dispatcher, for -XX:ArchiveClassesAtExit; needs no database.")
final class ClassDataTrainingCommand implements Callable<Integer> {
    static final List<String> PACKAGES = List.of("dev/pampa/", "org/jooq/", "com/zaxxer/hikari/", "org/postgresql/",
            "ch/qos/logback/", "org/slf4j/", "picocli/");

    @Override
    public Integer call() throws Exception {
        LoggerFactory.getLogger(ClassDataTrainingCommand.class).debug("class data training");
        // A pool's start against a port nobody listens on: the classes of a real connect, up to the refusal.
        try (Database ignored = Database.open(DbUrl.of("jdbc:postgresql://127.0.0.1:" + closedPort() + "/none", "pampa", null), 1, "cds-training")) {
            throw new IllegalStateException("something answered on a port that was just closed");
        } catch (DatabaseUnavailableException expected) {
            // the refusal is the point
        }
        int loaded = 0;
        int skipped = 0;
        ClassLoader loader = ClassDataTrainingCommand.class.getClassLoader();
        Path jar = Path.of(ClassDataTrainingCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (!name.endsWith(".class") || name.contains("-") || PACKAGES.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false, loader);
                    loaded++;
                } catch (LinkageError | ClassNotFoundException e) {
                    skipped++; // needs an optional library the jar does not carry (R2DBC, JavaFX…)
                }
            }
        }
        System.out.println("loaded " + loaded + " classes for the class data archive (" + skipped + " skipped: optional dependencies missing)");
        return ExitCode.OK;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
