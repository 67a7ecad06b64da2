package dev.pampa.cli;

import dev.pampa.store.Database;
import dev.pampa.store.DatabaseUnavailableException;
import dev.pampa.store.DbUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
 * <p>It loads, without initialising, the classes a worker and the dispatcher loaded while running a job
 * (the list {@code cds-training-classes.txt}, recorded with {@code -XX:DumpLoadedClassList}) and every
 * class of ours. A recorded list rather than whole packages: all of jOOQ is some 2,800 classes where a
 * worker uses 600, and archiving them all took seven times the CPU. A name the list has and the jar no
 * longer has is skipped; a class the list lacks is simply loaded from the jar as before.
 */
@Command(name = "cds-training", hidden = true,
        description = "Loads the classes of workers and the dispatcher, for -XX:ArchiveClassesAtExit; needs no database.")
final class ClassDataTrainingCommand implements Callable<Integer> {
    static final String CLASS_LIST = "cds-training-classes.txt";
    private static final String OURS = "dev/pampa/";

    @Override
    public Integer call() throws Exception {
        LoggerFactory.getLogger(ClassDataTrainingCommand.class).debug("class data training");
        // A pool's start against a port nobody listens on: the classes of a real connect, up to the refusal.
        try (Database ignored = Database.open(DbUrl.of("jdbc:postgresql://127.0.0.1:" + closedPort() + "/none", "pampa", null), 1, "cds-training")) {
            throw new IllegalStateException("something answered on a port that was just closed");
        } catch (DatabaseUnavailableException expected) {
            // the refusal is the point
        }
        ClassLoader loader = ClassDataTrainingCommand.class.getClassLoader();
        Set<String> names = new TreeSet<>(recordedClasses());
        Path jar = Path.of(ClassDataTrainingCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith(OURS) && name.endsWith(".class") && !name.contains("-")) {
                    names.add(name.substring(0, name.length() - ".class".length()));
                }
            }
        }
        int loaded = 0;
        int skipped = 0;
        for (String name : names) {
            try {
                Class.forName(name.replace('/', '.'), false, loader);
                loaded++;
            } catch (LinkageError | ClassNotFoundException e) {
                skipped++; // gone since the list was recorded, or needs an optional library the jar does not carry
            }
        }
        System.out.println("loaded " + loaded + " classes for the class data archive (" + skipped + " not found or not loadable)");
        return ExitCode.OK;
    }

    private static List<String> recordedClasses() throws IOException {
        try (InputStream in = ClassDataTrainingCommand.class.getResourceAsStream(CLASS_LIST)) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
