package dev.pampa.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.cli.RuntimeMain;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NewJobCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run newJob(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RuntimeMain.commandLine(new NewJobCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesAMavenProjectWhoseFilesNameTheJobThePackageAndThisBuildsApi() throws Exception {
        Run run = newJob("charge_invoices", "--package", "com.acme.billing", "--dir", dir.toString());

        assertThat(run.exitCode()).as("%s", run).isZero();
        Path project = dir.resolve("charge_invoices");
        assertThat(files(project)).containsExactlyInAnyOrder(
                "pom.xml", "charge_invoices.yaml", "charge_invoices.sql", "README.md", ".gitignore",
                "src/main/java/com/acme/billing/ChargeInvoices.java", "src/test/java/com/acme/billing/ChargeInvoicesTest.java");
        for (String f : files(project)) {
            assertThat(Files.readString(project.resolve(f))).as(f).doesNotContain("{{").doesNotContain("}}");
        }
        assertThat(run.out()).contains("com.acme.billing.ChargeInvoices").contains(NewJobCommand.INSTALL_API).contains("mvn -B verify");

        String pom = Files.readString(project.resolve("pom.xml"));
        assertThat(pom).contains("<groupId>com.acme.billing</groupId>", "<artifactId>charge_invoices</artifactId>")
                .containsPattern("<artifactId>pampa-api</artifactId>\\s*<version>\\$\\{pampa.version}</version>\\s*<scope>provided</scope>")
                .containsPattern("<artifactId>pampa-testkit</artifactId>\\s*<version>\\$\\{pampa.version}</version>\\s*<scope>test</scope>")
                .containsPattern("<pampa.version>\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?</pampa.version>")
                .containsPattern("<artifactId>junit-jupiter</artifactId>\\s*<version>\\d+\\.\\d+\\.\\d+</version>");

        JobSpec job = JobYaml.read(project.resolve("charge_invoices.yaml"));
        assertThat(job.name()).isEqualTo("charge_invoices");
        assertThat(job.table()).isEqualTo("charge_invoices");
        assertThat(job.processor()).isEqualTo("com.acme.billing.ChargeInvoices");
        assertThat(Files.readString(project.resolve("charge_invoices.sql"))).contains("CREATE TABLE IF NOT EXISTS charge_invoices");
        assertThat(Files.readString(project.resolve("src/main/java/com/acme/billing/ChargeInvoices.java")))
                .contains("package com.acme.billing;", "public final class ChargeInvoices implements TaskProcessor");
    }

    /**
     * The project as a job author gets it, compiled against this build's pampa-api and test kit, and its
     * own test run in its directory: the processor is applied and run on an embedded PostgreSQL. The
     * Maven build of the same project, from the documented install on, is scripts/new-job-check.sh.
     */
    @Test
    void theWrittenProjectCompilesAndItsTestRunsTheJobGreen() throws Exception {
        assertThat(newJob("word_counts", "--dir", dir.toString()).exitCode()).isZero();
        Path project = dir.resolve("word_counts");
        Path classes = dir.resolve("classes");
        List<String> sources = new ArrayList<>();
        for (String f : files(project)) {
            if (f.endsWith(".java")) {
                sources.add(project.resolve(f).toString());
            }
        }
        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-cp", classPath));
        args.addAll(sources);
        StringWriter diagnostics = new StringWriter();
        int compiled = javac.run(null, null, new java.io.OutputStream() {
            @Override
            public void write(int b) {
                diagnostics.write(b);
            }
        }, args.toArray(String[]::new));
        assertThat(compiled).as("javac on the generated sources: %s", diagnostics).isZero();

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + File.pathSeparator + classPath,
                TestMethodsMain.class.getName(), "com.example.jobs.WordCountsTest")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("the generated test's run:%n%s", output).isZero();
        assertThat(output).contains("tests of com.example.jobs.WordCountsTest: 2 passed, 0 failed");
    }

    @Test
    void refusesANameThatIsNotLowerCaseLettersDigitsAndUnderscoresAndSuggestsOne() {
        Run run = newJob("Charge-Invoices", "--dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("pampa: 'Charge-Invoices' cannot name a job project")
                .contains("lower-case letters, digits or '_', starting with a letter").contains("try charge_invoices");
        assertThat(dir).isEmptyDirectory();
        assertThat(newJob("9lives", "--dir", dir.toString()).err()).contains("try job_9lives");
    }

    @Test
    void refusesReservedWordsAndNamesWhoseClassWouldHideOneTheCodeUses() {
        assertThat(newJob("order", "--dir", dir.toString()).err()).contains("reserved word of SQL or YAML").contains("try order_job");
        assertThat(newJob("yes", "--dir", dir.toString()).exitCode()).isEqualTo(2);
        Run string = newJob("string", "--dir", dir.toString());
        assertThat(string.exitCode()).isEqualTo(2);
        assertThat(string.err()).contains("processor class String would hide the class of that name");
        assertThat(newJob("task_context", "--dir", dir.toString()).err()).contains("processor class TaskContext");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void refusesAPackageThatIsNotAJavaPackageName() {
        Run run = newJob("charges", "--package", "com.int.jobs", "--dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'com.int.jobs' is not a Java package").contains("none of them a Java keyword").contains("e.g. com.example.jobs");
        assertThat(newJob("charges", "--package", "java.jobs", "--dir", dir.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void neverWritesIntoAnExistingDirectoryNorIntoOneThatIsMissing() throws Exception {
        Path existing = Files.createDirectory(dir.resolve("charges"));
        Files.writeString(existing.resolve("notes.txt"), "mine");

        Run run = newJob("charges", "--dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(existing + " already exists — choose another NAME, or move it away");
        assertThat(files(existing)).containsExactly("notes.txt");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no staging directory left").containsExactly("charges");
        }

        Run missing = newJob("charges", "--dir", dir.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("nowhere does not exist — create it, or give --dir an existing one");
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace(File.separatorChar, '/')).sorted().toList();
        }
    }
}
