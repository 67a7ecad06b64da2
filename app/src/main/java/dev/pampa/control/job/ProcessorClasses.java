package dev.pampa.control.job;

import dev.pampa.control.node.ShippedJars;
import dev.pampa.api.TaskProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The classes a job can name as its processor: public, concrete classes with a public no-argument
 * constructor that implement {@link TaskProcessor}, found in the job jars (and class directories of a
 * build). Classes are loaded without being initialised, so no job code runs while looking.
 */
public final class ProcessorClasses {
    private ProcessorClasses() {
    }

    /** A processor class and the jar (or directory) it was found in. */
    public record Found(String className, Path source) {
    }

    /**
     * Where the cockpit looks: the jars of the jobs directory, and the sample jobs that ship with it
     * (their jar, or their classes directory when run from a build).
     */
    public static List<Path> sources(Path jobsDirectory) {
        Set<Path> out = new LinkedHashSet<>();
        if (Files.isDirectory(jobsDirectory)) {
            try (Stream<Path> s = Files.list(jobsDirectory)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the jobs directory " + jobsDirectory, e);
            }
        }
        ShippedJars.sampleJobs().ifPresentOrElse(out::add, () -> sampleClassesDirectory().ifPresent(out::add));
        return List.copyOf(out);
    }

    private static java.util.Optional<Path> sampleClassesDirectory() {
        try {
            Path p = Path.of(dev.pampa.sample.SampleJobs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    /** The processor classes in {@code sources}, sorted by name; a class that cannot be loaded is skipped. */
    public static List<Found> scan(List<Path> sources) {
        URL[] urls = sources.stream().map(ProcessorClasses::toUrl).toArray(URL[]::new);
        List<Found> out = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader("pampa-processor-scan", urls, ProcessorClasses.class.getClassLoader())) {
            for (Path source : sources) {
                for (String name : classNames(source)) {
                    if (isProcessor(name, loader)) {
                        out.add(new Found(name, source));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job jars", e);
        }
        out.sort(Comparator.comparing(Found::className));
        return out;
    }

    private static boolean isProcessor(String name, ClassLoader loader) {
        try {
            Class<?> c = Class.forName(name, false, loader);
            int m = c.getModifiers();
            if (!Modifier.isPublic(m) || Modifier.isAbstract(m) || c.isInterface() || !TaskProcessor.class.isAssignableFrom(c)) {
                return false;
            }
            c.getConstructor();
            return true;
        } catch (ClassNotFoundException | LinkageError | NoSuchMethodException | SecurityException e) {
            // a class whose dependencies are missing, or without a usable constructor, cannot be a job's processor
            return false;
        }
    }

    /** Top-level class names: a nested class is rarely a processor, and '$' names read badly in a list. */
    private static List<String> classNames(Path source) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> s = Files.walk(source)) {
                s.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                    String rel = source.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                    addClass(out, rel);
                });
            }
        } else if (Files.isRegularFile(source)) {
            try (JarFile jar = new JarFile(source.toFile())) {
                jar.stream().map(JarEntry::getName).forEach(n -> addClass(out, n));
            }
        }
        return out;
    }

    private static void addClass(List<String> out, String entry) {
        if (entry.endsWith(".class") && !entry.contains("$") && !entry.startsWith("META-INF/") && !entry.endsWith("module-info.class")) {
            out.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
        }
    }

    private static URL toUrl(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad path " + p, e);
        }
    }
}
