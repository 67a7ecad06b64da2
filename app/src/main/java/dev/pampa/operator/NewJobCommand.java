package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pampa new-job NAME}: a Maven project for a new job, ready to build, test and apply. Public so
 * that the operator's main command can list it among its subcommands from any package.
 */
@Command(name = "new-job", mixinStandardHelpOptions = true,
        description = "Writes NAME/: a Maven project for a new job, compiled against pampa-api: a processor, the job's YAML,"
                + " its task table's SQL and a test that runs the job on an embedded PostgreSQL. Needs no database.")
public final class NewJobCommand implements Callable<Integer> {
    /** Where Pampa's source tree puts pampa-api and pampa-testkit in the local Maven repository. */
    static final String INSTALL_API = "./mvnw -B -pl api,testkit -am install -DskipTests";

    @Parameters(index = "0", paramLabel = "NAME",
            description = "The job's name, also its table's, its directory's and its Maven artifactId: lower-case letters, digits, '_'.")
    String name;

    @Option(names = "--package", paramLabel = "PACKAGE", defaultValue = "com.example.jobs",
            description = "The Java package of the processor, and the project's groupId. Default: ${DEFAULT-VALUE}.")
    String javaPackage;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
            description = "The directory to write NAME/ in. Default: the current directory.")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JobProject project;
        try {
            project = JobProject.of(name, javaPackage);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
        Path parent = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(parent)) {
            throw new CliFailure(ExitCode.FAILURE, "directory " + parent + " does not exist — create it, or give --dir an existing one");
        }
        Path written;
        try {
            written = project.writeInto(parent);
        } catch (FileAlreadyExistsException e) {
            throw new CliFailure(ExitCode.FAILURE, parent.resolve(name) + " already exists — choose another NAME, or move it away"
                    + " (new-job never writes into an existing directory)");
        } catch (IOException e) {
            throw new CliFailure(ExitCode.FAILURE, "cannot write " + parent.resolve(name) + ": " + e.getMessage()
                    + " — check that " + parent + " is writable and has space");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote the job " + project.name() + " (processor " + project.processor() + ") in " + written + ":");
        for (Path f : project.files()) {
            out.println("  " + f);
        }
        out.println("next:");
        out.println("  " + INSTALL_API + "   # once, in Pampa's source tree: the job API and the test kit in your local Maven repository");
        out.println("  cd " + written + " && mvn -B verify   # tests the job on an embedded PostgreSQL, builds its jar in target/");
        out.println("  then " + written.resolve("README.md") + " says how to run it");
        out.flush();
        return ExitCode.OK;
    }
}
