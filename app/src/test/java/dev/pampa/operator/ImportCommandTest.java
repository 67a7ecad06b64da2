package dev.pampa.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.cli.ExitCode;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.model.NodeSpec;
import dev.pampa.model.NodeYaml;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.NodeStore;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user coming from the Ruby Pampa points pampa import at the configuration its README had them write. */
class ImportCommandTest {
    private static final Path SAMPLE_JAR = Path.of("../jobs-sample/target/pampa-jobs-sample.jar").toAbsolutePath().normalize();
    private static final String PROCESSOR = "dev.pampa.sample.OddNumbers";

    @TempDir
    Path dir;

    private Database db;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        db = TestPostgres.migratedDatabase();
        config = dir.resolve("config.rb");
        try (InputStream in = getClass().getResourceAsStream("/ruby/config.rb")) {
            Files.copy(in, config);
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private CliRun pampa(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--db", db.url().withCredentials()));
        return CliRun.on(new OperatorMain(), all.toArray(String[]::new));
    }

    @Test
    void printsTheNodesAndJobAsPampasYamlAndNamesWhatItLeftOut() throws Exception {
        CliRun run = pampa("import", config.toString(), "--processor", PROCESSOR);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String[] documents = run.out().split("(?m)^---\n");
        assertThat(documents).hasSize(3);
        NodeSpec local = NodeYaml.parse(documents[0], "printed").toSpec();
        NodeSpec n01 = NodeYaml.parse(documents[1], "printed").toSpec();
        JobSpec job = JobYaml.parse(documents[2], "printed");
        assertThat(local.isLocal()).isTrue();
        assertThat(n01.host()).isEqualTo("54.160.137.218");
        assertThat(n01.maxRamMb()).isEqualTo(512);
        assertThat(job.name()).isEqualTo("search_odd_numbers");
        assertThat(job.processor()).isEqualTo(PROCESSOR);
        assertThat(job.fields().success()).isEqualTo("odd_checking_success");
        assertThat(n01.maxDiskIoKbps()).as("the Ruby README's bare 1000, read as MB/s").isEqualTo(1000L * 1024);
        assertThat(n01.maxNetIoKbps()).isEqualTo(1000L * 1024);
        assertThat(run.err()).contains("note: node 'n01' (line 19): max_disk_io (line 28) 1000 read as 1000 MB/s per worker",
                "note: job 'search_odd_numbers' (line 34): selecting_function (line 69) is Ruby code");
        assertThat(new NodeStore(db.dsl()).find("n01")).as("nothing stored without --apply").isEmpty();
    }

    @Test
    void applyStoresTheNodesAndTheJobAsNodeAddAndJobApplyDo() throws Exception {
        assertThat(SAMPLE_JAR).as("build the sample jobs jar first (./mvnw -B verify does)").isRegularFile();
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.copy(SAMPLE_JAR, jobs.resolve(SAMPLE_JAR.getFileName()));
        TaskTables.execute(db, "CREATE TABLE numbers (value BIGINT PRIMARY KEY, is_odd BOOLEAN); INSERT INTO numbers (value) SELECT g FROM generate_series(1, 10) g");

        CliRun run = pampa("import", config.toString(), "--processor", PROCESSOR, "--apply", "--create-columns", "--jobs-dir", jobs.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("added node local", "added node n01", "job search_odd_numbers created on table numbers");
        assertThat(new NodeStore(db.dsl()).find("n01")).hasValueSatisfying(n -> assertThat(n.spec().keyPath()).isEqualTo("./plank.pem"));
        assertThat(new JobStore(db.dsl()).find("search_odd_numbers")).isPresent();
        assertThat(TaskTables.count(db, "odd_checking_success IS NULL", "numbers")).isEqualTo(10);
    }

    @Test
    void rubyCodeWithoutAJavaClassAndAMissingFileEachSayWhatToDo() {
        CliRun noProcessor = pampa("import", config.toString());
        assertThat(noProcessor.exitCode()).isEqualTo(ExitCode.INVALID_JOB);
        assertThat(noProcessor.err()).contains("processing_function", "line 56", "--processor", "pampa new-job");

        CliRun missing = pampa("import", dir.resolve("nope.rb").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("no file at", "nope.rb");
    }
}
