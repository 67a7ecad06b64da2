package dev.pampa.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * A new job's Maven project: the job's name (also its table's, its directory's and its artifactId), the
 * Java package and processor class, and the files the templates under {@code newjob/} beside this class
 * make of them: a pom depending on pampa-api, the processor, the job's YAML, its table and a test.
 */
final class JobProject {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    private static final String TEMPLATES = "newjob/";

    /** Template resource, and the file it becomes, relative to the project's directory. */
    private static final Map<String, String> FILES = templateFiles();

    /**
     * Words the job's name cannot be: the generated SQL names the table unquoted, so none of
     * PostgreSQL's reserved key words, and the YAML writes it plain, so none YAML reads as a boolean or null.
     */
    private static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary", "both",
            "case", "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
            "current_catalog", "current_date", "current_role", "current_schema", "current_time", "current_timestamp",
            "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch",
            "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner",
            "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
            "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order", "outer",
            "overlaps", "placing", "primary", "references", "returning", "right", "select", "session_user", "similar",
            "some", "symmetric", "system_user", "table", "tablesample", "then", "to", "trailing", "true", "union", "unique",
            "user", "using", "variadic", "verbose", "when", "where", "window", "with",
            "y", "n", "yes", "no", "off");

    /** Simple names the generated classes import: a processor class of the same name would hide them. */
    private static final Set<String> IMPORTED = Set.of("Task", "TaskContext", "TaskProcessor", "JobOutcome", "JobTestDatabase",
            "Path", "Duration", "Test", "Assertions");

    private final String name;
    private final String javaPackage;
    private final String processorClass;

    private JobProject(String name, String javaPackage, String processorClass) {
        this.name = name;
        this.javaPackage = javaPackage;
        this.processorClass = processorClass;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with the name or the package and how to fix it
     */
    static JobProject of(String name, String javaPackage) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' cannot name a job project: it names the job, its table, its directory"
                    + " and its Maven artifact, so it must be 1 to 63 lower-case letters, digits or '_', starting with a letter"
                    + " — try " + suggestion(name));
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' cannot name a job project: it is a reserved word of SQL or YAML,"
                    + " and the project's table script and YAML write it unquoted — try " + name + "_job or another word");
        }
        String processorClass = className(name);
        if (IMPORTED.contains(processorClass) || isJavaLang(processorClass)) {
            throw new IllegalArgumentException("'" + name + "' cannot name a job project: its processor class " + processorClass
                    + " would hide the class of that name the generated code uses — try " + name + "_job or another word");
        }
        if (!SourceVersion.isName(javaPackage) || javaPackage.equals("java") || javaPackage.startsWith("java.")) {
            throw new IllegalArgumentException("'" + javaPackage + "' is not a Java package a job can use: it must be"
                    + " identifiers separated by dots, none of them a Java keyword, and not under java. — e.g. com.example.jobs");
        }
        return new JobProject(name, javaPackage, processorClass);
    }

    String name() {
        return name;
    }

    /** The processor's fully qualified class name, as the YAML's {@code processor} names it. */
    String processor() {
        return javaPackage + "." + processorClass;
    }

    /** The files of the project, relative to its directory, in the order they are written. */
    List<Path> files() {
        Map<String, String> values = values();
        return FILES.values().stream().map(f -> Path.of(render(f, values, "file name " + f))).toList();
    }

    /**
     * Writes the project into {@code parent/NAME}, all of it or nothing: the files go to a hidden sibling
     * first, which is then renamed.
     *
     * @return the project's directory
     * @throws FileAlreadyExistsException when {@code parent/NAME} exists
     * @throws IOException when the directory cannot be written
     */
    Path writeInto(Path parent) throws IOException {
        Path target = parent.resolve(name);
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path staging = Files.createTempDirectory(parent, "." + name + ".new-");
        try {
            Map<String, String> values = values();
            for (Map.Entry<String, String> f : FILES.entrySet()) {
                Path file = staging.resolve(render(f.getValue(), values, "file name " + f.getValue()));
                Files.createDirectories(file.getParent());
                Files.writeString(file, render(template(f.getKey()), values, f.getKey()), StandardCharsets.UTF_8);
            }
            // no REPLACE_EXISTING: a directory made at the target meanwhile fails the move rather than being replaced
            Files.move(staging, target);
            return target;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(staging);
            throw e;
        }
    }

    private Map<String, String> values() {
        Properties versions = versions();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("package", javaPackage);
        v.put("packagePath", javaPackage.replace('.', '/'));
        v.put("class", processorClass);
        v.put("pampaVersion", versions.getProperty("pampa.version"));
        v.put("junitVersion", versions.getProperty("junit.version"));
        return v;
    }

    /** Replaces each {@code {{key}}}; a key the template names and no value has is a bug of the template. */
    static String render(String template, Map<String, String> values, String source) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template " + source + " names {{" + m.group(1) + "}}, which has no value; known: " + values.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code charge_invoices} → {@code ChargeInvoices}. */
    static String className(String name) {
        StringBuilder c = new StringBuilder();
        for (String part : name.split("_")) {
            if (!part.isEmpty()) {
                c.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return c.toString();
    }

    /** The name made usable: lower case, '_' for anything else, a letter first, not reserved. */
    static String suggestion(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+", "");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "job_" + s;
        }
        s = (s.length() > 59 ? s.substring(0, 59) : s).replaceAll("_+$", "");
        return RESERVED.contains(s) ? s + "_job" : s;
    }

    private static boolean isJavaLang(String simpleName) {
        try {
            Class.forName("java.lang." + simpleName, false, JobProject.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Map<String, String> templateFiles() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("pom.xml.tmpl", "pom.xml");
        f.put("job.yaml.tmpl", "{{name}}.yaml");
        f.put("table.sql.tmpl", "{{name}}.sql");
        f.put("Processor.java.tmpl", "src/main/java/{{packagePath}}/{{class}}.java");
        f.put("ProcessorTest.java.tmpl", "src/test/java/{{packagePath}}/{{class}}Test.java");
        f.put("README.md.tmpl", "README.md");
        f.put("gitignore.tmpl", ".gitignore");
        return f;
    }

    private static String template(String resource) {
        try (InputStream in = JobProject.class.getResourceAsStream(TEMPLATES + resource)) {
            if (in == null) {
                throw new IllegalStateException("the template " + TEMPLATES + resource + " is missing from this program's jar — rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template " + resource, e);
        }
    }

    private static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = JobProject.class.getResourceAsStream(TEMPLATES + "pampa-versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("pampa-versions.properties is missing from this program's jar — rebuild it");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pampa-versions.properties", e);
        }
        return p;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(all.toList());
            paths.sort(Comparator.reverseOrder());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a hidden, half-written staging directory is all that remains; the target was never created
        }
    }
}
