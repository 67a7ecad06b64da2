package dev.pampa.jobcode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where job classes come from: the runtime's own class path plus every jar in the jobs directory
 * (by default {@code jobs/} next to the runtime jar; {@code --jobs-dir} or PAMPA_JOBS_DIR to change).
 */
public final class JobsPath {
    private final Path directory;
    private final List<Path> jars;
    private final ClassLoader loader;

    private JobsPath(Path directory, List<Path> jars, ClassLoader loader) {
        this.directory = directory;
        this.jars = jars;
        this.loader = loader;
    }

    /** The jobs directory given, else PAMPA_JOBS_DIR, else {@code jobs/} beside the running jar. */
    public static Path resolveDirectory(Path given) {
        if (given != null) {
            return given;
        }
        String env = System.getenv("PAMPA_JOBS_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        try {
            Path self = Path.of(JobsPath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return (Files.isRegularFile(self) ? self.getParent() : self).resolve("jobs");
        } catch (Exception e) {
            return Path.of("jobs");
        }
    }

    /** Loads the jars of the directory (a missing directory means no job jars, not an error). */
    public static JobsPath of(Path directory) {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> s = Files.list(directory)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the jobs directory " + directory, e);
            }
        }
        URL[] urls = jars.stream().map(JobsPath::toUrl).toArray(URL[]::new);
        ClassLoader parent = JobsPath.class.getClassLoader();
        return new JobsPath(directory, List.copyOf(jars), urls.length == 0 ? parent : new URLClassLoader("pampa-jobs", urls, parent));
    }

    private static URL toUrl(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad jar path " + p, e);
        }
    }

    public Path directory() {
        return directory;
    }

    public List<Path> jars() {
        return jars;
    }

    public ClassLoader loader() {
        return loader;
    }

    /**
     * Instantiates a class that must implement {@code type}, with its public no-argument constructor.
     *
     * @throws JobClassException naming the class, what is wrong and what to do
     */
    public <T> T instantiate(String className, Class<T> type, String parameter) {
        Class<?> c;
        try {
            c = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new JobClassException(parameter, "class " + className + " is not on the jobs path (" + directory.toAbsolutePath()
                    + (jars.isEmpty() ? ", which holds no jar" : ": " + jars.stream().map(j -> j.getFileName().toString()).toList()) + ")",
                    "put the jar that holds it in " + directory.toAbsolutePath() + " or fix the class name");
        }
        if (!type.isAssignableFrom(c)) {
            throw new JobClassException(parameter, "class " + className + " does not implement " + type.getName(),
                    "make it implement " + type.getName() + " or name another class");
        }
        try {
            return type.cast(c.getConstructor().newInstance());
        } catch (NoSuchMethodException e) {
            throw new JobClassException(parameter, "class " + className + " has no public no-argument constructor", "add one");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw new JobClassException(parameter, "class " + className + " cannot be created: " + cause, "fix its constructor");
        }
    }

    /** A job class that cannot be used. */
    public static final class JobClassException extends RuntimeException {
        private final String parameter;
        private final String found;
        private final String fix;

        public JobClassException(String parameter, String found, String fix) {
            super(parameter + ": " + found + " — " + fix);
            this.parameter = parameter;
            this.found = found;
            this.fix = fix;
        }

        public String parameter() {
            return parameter;
        }

        public String found() {
            return found;
        }

        public String fix() {
            return fix;
        }
    }
}
