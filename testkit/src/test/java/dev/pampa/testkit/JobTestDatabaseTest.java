package dev.pampa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobTestDatabaseTest {
    private static final String TABLE = """
            CREATE TABLE texts (id BIGINT PRIMARY KEY, text TEXT, word_count INTEGER);
            INSERT INTO texts (id, text) SELECT g, repeat('word ', (g % 7)::int) FROM generate_series(1, 300) g;
            INSERT INTO texts (id, text) VALUES (0, NULL);
            """;
    private static final String JOB = """
            name: count_words
            table: texts
            field_primary_key: id
            processor: dev.pampa.testkit.WordCounter
            queue_size: 20
            max_try_times: 2
            retry_delay_seconds: 0
            """;

    private static JobTestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        db = JobTestDatabase.start();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void appliesTheJobAndRunsEveryTaskToItsEndWithTheRuntimesWorkers() throws Exception {
        Path sql = Files.writeString(dir.resolve("texts.sql"), TABLE);
        Path yaml = Files.writeString(dir.resolve("count_words.yaml"), JOB);
        db.runScript(sql);

        String job = db.applyJob(yaml);
        JobOutcome outcome = db.runToEnd(job, Duration.ofSeconds(60));

        assertThat(job).isEqualTo("count_words");
        assertThat(outcome.done()).isEqualTo(300);
        assertThat(outcome.dead()).as("the row without text").isEqualTo(1);
        assertThat(db.dsl().fetchCount(db.dsl().selectFrom("texts").where("word_count IS DISTINCT FROM CASE WHEN id = 0 THEN NULL ELSE id % 7 END")))
                .as("rows whose word_count is wrong").isZero();
        assertThat(db.dsl().fetchOne("SELECT pampa_error_description FROM texts WHERE id = 0").get(0, String.class))
                .startsWith("java.lang.IllegalArgumentException: row 0 has no text");
        assertThat(db.dsl().fetchOne("SELECT count(DISTINCT pampa_reservation_id) FROM texts").get(0, Long.class))
                .as("workers that did tasks").isBetween(1L, 2L);
    }

    @Test
    void anInvalidJobFailsWithEveryProblemJobApplyFound() throws Exception {
        db.runScript(Files.writeString(dir.resolve("bare.sql"), "CREATE TABLE bare (id BIGINT PRIMARY KEY);"));
        Path yaml = Files.writeString(dir.resolve("bad.yaml"), """
                name: bad
                table: bare
                processor: com.example.NoSuchProcessor
                """);

        assertThatThrownBy(() -> db.applyJob(yaml))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("exit code 7")
                .hasMessageContaining("com.example.NoSuchProcessor");
    }

    @Test
    void aScriptThatIsMissingIsNamedWithWhereTestsRun() {
        assertThatThrownBy(() -> db.runScript(dir.resolve("nowhere.sql")))
                .hasMessageContaining("nowhere.sql")
                .hasMessageContaining("tests run in the project's directory");
    }
}
