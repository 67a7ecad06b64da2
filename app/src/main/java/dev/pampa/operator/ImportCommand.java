package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.jobs.JobApplied;
import dev.pampa.jobs.JobOperations;
import dev.pampa.jobs.JobRefusedException;
import dev.pampa.model.InvalidSpecException;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.model.NodeSpec;
import dev.pampa.model.NodeYaml;
import dev.pampa.model.SpecProblem;
import dev.pampa.model.ruby.RubyConfigReader;
import dev.pampa.model.ruby.RubyImport;
import dev.pampa.store.Database;
import dev.pampa.store.NodeStore;
import dev.pampa.jobcode.JobsPath;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads a Ruby Pampa configuration (its BlackStack::Pampa.add_nodes, add_node and add_job calls; no Ruby is run)"
                + " and prints its nodes and jobs as Pampa's YAML; with --apply, stores them as node add and job apply do.",
                "Ruby code (processing_function and the other Procs) cannot run on the JVM: give the Java class that replaces"
                        + " processing_function with --processor; every key left out is named with its line."})
final class ImportCommand implements Callable<Integer> {
    /** A configuration is a few pages; the cap keeps a wrong or hostile file from costing minutes. */
    static final long MAX_BYTES = 1 << 20;

    @Parameters(index = "0", paramLabel = "FILE.rb", description = "The Ruby configuration, e.g. config.rb.")
    Path file;

    @Option(names = "--processor", paramLabel = "CLASS",
            description = "The Java class (implementing dev.pampa.api.TaskProcessor) that does what the jobs' processing_function did.")
    String processor;

    @Option(names = "--apply", description = "Store the nodes and jobs read (a node of the same name is updated).")
    boolean apply;

    @Option(names = "--create-columns", description = "With --apply: add the field columns, indexes and trigger the jobs' tables lack, as job apply does.")
    boolean createColumns;

    @Option(names = "--jobs-dir", paramLabel = "DIR", description = "With --apply: where job jars are, to check the processor. Default: as job apply.")
    Path jobsDir;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RubyImport.Result read = read();
        read.notes().forEach(n -> err.println("note: " + n));
        err.flush();
        if (!apply) {
            print(out, read);
            out.flush();
            return ExitCode.OK;
        }
        try (Database d = db.connect("import")) {
            NodeStore nodes = new NodeStore(d.dsl());
            for (NodeSpec n : read.nodes()) {
                out.println((nodes.save(n) ? "added" : "updated") + " node " + n.name());
            }
            JobOperations jobs = new JobOperations(d, JobsPath.resolveDirectory(jobsDir));
            for (JobSpec j : read.jobs()) {
                JobApplied applied = jobs.apply(j, createColumns, file.toString());
                out.println("job " + j.name() + " " + (applied.created() ? "created" : "updated") + " on table " + j.table());
            }
        } catch (JobRefusedException e) {
            throw new CliFailure(ExitCode.INVALID_JOB, e.getMessage());
        }
        out.flush();
        return ExitCode.OK;
    }

    private RubyImport.Result read() {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new CliFailure(ExitCode.USAGE, file + " is " + Files.size(file) + " bytes, over the " + MAX_BYTES
                        + "-byte limit of a configuration: give the Ruby file that calls BlackStack::Pampa.add_nodes and add_job");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliFailure(ExitCode.USAGE, "no file at " + file.toAbsolutePath() + " — give the path of the Ruby configuration");
        } catch (IOException e) {
            throw new CliFailure(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        try {
            return RubyImport.of(text, processor);
        } catch (RubyConfigReader.ReadError e) {
            throw new CliFailure(ExitCode.INVALID_JOB, file + ": " + e.getMessage());
        } catch (InvalidSpecException e) {
            throw new CliFailure(ExitCode.INVALID_JOB, file + ": " + e.problems().stream().map(SpecProblem::toString)
                    .collect(Collectors.joining(System.lineSeparator() + "  ", System.lineSeparator() + "  ", "")));
        }
    }

    private static void print(PrintWriter out, RubyImport.Result read) {
        boolean first = true;
        for (NodeSpec n : read.nodes()) {
            out.print((first ? "" : "---\n") + "# node " + n.name() + " (pampa node add --file FILE)\n" + NodeYaml.write(n));
            first = false;
        }
        for (JobSpec j : read.jobs()) {
            out.print((first ? "" : "---\n") + "# job " + j.name() + " (pampa job apply FILE)\n" + JobYaml.write(j));
            first = false;
        }
    }
}
