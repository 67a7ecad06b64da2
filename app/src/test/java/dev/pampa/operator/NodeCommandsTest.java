package dev.pampa.operator;

import dev.pampa.cli.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pampa.store.Database;
import dev.pampa.store.NodeStore;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeCommandsTest {
    Database db;
    String url;

    @TempDir
    Path dir;

    @BeforeEach
    void database() {
        db = TestPostgres.migratedDatabase();
        url = db.url().withCredentials();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private CliRun pampa(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--db");
        all.add(url);
        return CliRun.on(new OperatorMain(), all.toArray(String[]::new));
    }

    private long storedNodes() {
        return ((Number) db.dsl().fetchValue("SELECT count(*) FROM pampa.node")).longValue();
    }

    @Test
    void addListShowRemoveRoundTrip() throws Exception {
        CliRun add = pampa("node", "add", "n01", "--host", "10.0.0.5", "--port", "2222", "--user", "pampa",
                "--key", "/keys/id_ed25519", "--max-workers", "8", "--java", "/opt/jdk-17/bin/java", "--base-dir", "/srv/pampa",
                "--max-ram", "1024", "--max-cpu", "150");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(add.out()).startsWith("added node n01: pampa@10.0.0.5:2222, auth key /keys/id_ed25519, up to 8 workers");
        assertThat(pampa("node", "add", "local").exitCode()).isZero();

        CliRun list = pampa("node", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines().toList()).containsExactly(
                "NAME   HOST       PORT  USER   AUTH                  MAX_WORKERS  JAVA                  BASE_DIR    MAX_RAM_MB  MAX_CPU_%",
                "local  localhost  -     -      none                  " + String.format("%-13d", Runtime.getRuntime().availableProcessors())
                        + "java                  ~/.pampa    -           -",
                "n01    10.0.0.5   2222  pampa  key /keys/id_ed25519  8            /opt/jdk-17/bin/java  /srv/pampa  1024        150");

        CliRun show = pampa("node", "show", "n01");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).startsWith("# added ").contains("""
                name: n01
                host: 10.0.0.5
                port: 2222
                user: pampa
                auth: /keys/id_ed25519
                max_workers: 8
                java_command: /opt/jdk-17/bin/java
                base_dir: /srv/pampa
                max_ram: 1024
                max_cpu: 150
                """);

        CliRun remove = pampa("node", "remove", "n01");
        assertThat(remove.exitCode()).as(remove.toString()).isZero();
        assertThat(remove.out()).isEqualTo("removed node n01\n");
        assertThat(new NodeStore(db.dsl()).names()).containsExactly("local");
    }

    @Test
    void showsOutputAddsTheSameNodeFromAFile() throws Exception {
        assertThat(pampa("node", "add", "n02", "--host", "h2", "--user", "u", "--password", "--max-workers", "3").exitCode()).isZero();
        var before = new NodeStore(db.dsl()).find("n02").orElseThrow().spec();
        Path file = dir.resolve("n02.yaml");
        Files.writeString(file, pampa("node", "show", "n02").out());
        assertThat(pampa("node", "remove", "n02").exitCode()).isZero();

        CliRun add = pampa("node", "add", "--file", file.toString());

        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(new NodeStore(db.dsl()).find("n02").orElseThrow().spec()).isEqualTo(before);
    }

    @Test
    void optionsOverrideTheFileAndAddingAgainUpdates() throws Exception {
        Path file = dir.resolve("n.yaml");
        Files.writeString(file, "name: n03\nhost: old.example\nuser: u\nmax_workers: 2\n");
        assertThat(pampa("node", "add", "--file", file.toString()).out()).startsWith("added node n03");

        CliRun again = pampa("node", "add", "n03", "--file", file.toString(), "--host", "new.example");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).startsWith("updated node n03: u@new.example:22");
        assertThat(new NodeStore(db.dsl()).find("n03").orElseThrow().spec().maxWorkers()).isEqualTo(2);
        assertThat(storedNodes()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "name with ';'        | n01;reboot  | --host=h          | name",
            "name with $(...)     | $(reboot)   | --host=h          | name",
            "name with a space    | n 01        | --host=h          | name",
            "name with backquotes | `id`        | --host=h          | name",
            "port 0               | n01         | --port=0          | port",
            "port 70000           | n01         | --port=70000      | port",
            "max_workers 0        | n01         | --max-workers=0   | max_workers",
            "max_ram 63           | n01         | --max-ram=63      | max_ram",
            "max_cpu 10001        | n01         | --max-cpu=10001   | max_cpu",
            "host with a space    | n01         | --host=my host    | host"})
    void invalidInputIsRefusedNamingTheParameterAndNothingIsStored(String why, String name, String option, String parameter) {
        List<String> args = new ArrayList<>(List.of("node", "add", name, "--user", "u", option));
        if (!option.startsWith("--host")) {
            args.add("--host=h");
        }
        CliRun run = pampa(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.INVALID_NODE);
        assertThat(run.errLines()).singleElement().satisfies(line -> assertThat(line).startsWith("pampa: node '" + name + "': " + parameter + ": "));
        assertThat(run.out()).isEmpty();
        assertThat(storedNodes()).isZero();
    }

    @Test
    void missingHostIsRefused() {
        CliRun run = pampa("node", "add", "n01", "--user", "u");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_NODE);
        assertThat(run.err()).isEqualTo("pampa: node 'n01': host: missing — give the node's host name or IP address\n");
        assertThat(storedNodes()).isZero();
    }

    @Test
    void keyAndPasswordTogetherIsAUsageError() {
        CliRun run = pampa("node", "add", "n01", "--host", "h", "--user", "u", "--key", "k", "--password");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--key").contains("--password");
        assertThat(storedNodes()).isZero();
    }

    @Test
    void anInvalidFileIsRefusedWithEveryProblem() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: n01\nhots: h\nport: twenty\n");

        CliRun run = pampa("node", "add", "--file", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_NODE);
        assertThat(run.err()).contains("hots: unknown parameter").contains("did you mean host").contains("port: 'twenty' is not a whole number");
        assertThat(storedNodes()).isZero();
    }

    @Test
    void unknownNodesAreRefusedWithTheKnownNames() {
        assertThat(pampa("node", "add", "n01", "--host", "h", "--user", "u").exitCode()).isZero();

        CliRun remove = pampa("node", "remove", "n02");
        CliRun show = pampa("node", "show", "n0l");

        assertThat(remove.exitCode()).isEqualTo(ExitCode.UNKNOWN_NODE);
        assertThat(remove.err()).isEqualTo("pampa: no node named n02 (known nodes: n01) — did you mean n01?\n");
        assertThat(show.exitCode()).isEqualTo(ExitCode.UNKNOWN_NODE);
        assertThat(storedNodes()).isEqualTo(1);
    }

    @Test
    void removeIsRefusedWhileAWorkerOfTheNodeRuns() {
        assertThat(pampa("node", "add", "n01", "--host", "h", "--user", "u").exitCode()).isZero();
        WorkerRegistry workers = new WorkerRegistry(db.dsl());
        workers.register("n01.1", "n01", "h", 4242, "test", "inc-1", 30);

        CliRun refused = pampa("node", "remove", "n01");

        assertThat(refused.exitCode()).isEqualTo(ExitCode.NODE_IN_USE);
        assertThat(refused.err()).isEqualTo("pampa: node n01 has 1 worker running or stopping (n01.1)"
                + " — stop them first with: pampa workers stop n01\n");
        assertThat(storedNodes()).isEqualTo(1);

        workers.deregister("n01.1", "inc-1", 0, 0);
        assertThat(pampa("node", "remove", "n01").exitCode()).isZero();
        assertThat(storedNodes()).isZero();
    }

    @Test
    void listJsonParses() throws Exception {
        assertThat(pampa("node", "add", "n01", "--host", "h", "--user", "u", "--password").exitCode()).isZero();
        assertThat(pampa("node", "add", "n02", "--host", "h2", "--user", "u", "--key", "/k", "--max-ram", "256").exitCode()).isZero();

        CliRun run = pampa("node", "list", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode nodes = new ObjectMapper().readTree(run.out());
        assertThat(nodes.isArray()).isTrue();
        assertThat(nodes).hasSize(2);
        assertThat(nodes.get(0).get("name").asText()).isEqualTo("n01");
        assertThat(nodes.get(0).get("auth").asText()).isEqualTo("password");
        assertThat(nodes.get(0).get("key_path").isNull()).isTrue();
        assertThat(nodes.get(0).get("max_ram_mb").isNull()).isTrue();
        assertThat(nodes.get(1).get("key_path").asText()).isEqualTo("/k");
        assertThat(nodes.get(1).get("max_ram_mb").asInt()).isEqualTo(256);
        assertThat(nodes.get(1).get("port").asInt()).isEqualTo(22);
    }

    @Test
    void anEmptyListSaysHowToAddANode() {
        assertThat(pampa("node", "list").out()).isEqualTo("no node is stored yet: add one with pampa node add NAME --host HOST --user USER\n");
        assertThat(pampa("node", "list", "--json").out().trim()).isEqualTo("[ ]");
    }

    @Test
    void thePasswordIsNeverStoredNorAskedFor() {
        CliRun run = pampa("node", "add", "n01", "--host", "h", "--user", "u", "--password");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("never stored");
        List<String> columns = db.dsl().fetch("SELECT column_name FROM information_schema.columns WHERE table_schema = 'pampa' AND table_name = 'node'")
                .getValues(0, String.class);
        assertThat(columns).noneMatch(c -> c.contains("pass") || c.contains("secret"));
        var row = db.dsl().fetchOne("SELECT auth_kind, key_path FROM pampa.node WHERE name = 'n01'");
        assertThat(row.get(0, String.class)).isEqualTo("password");
        assertThat(row.get(1, String.class)).isNull();
    }

    @Test
    void aDatabaseUrlThatCannotBeParsedHasItsOwnExitCode() {
        CliRun run = CliRun.on(new OperatorMain(), "node", "list", "--db", "not a url");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_URL);
    }
}
