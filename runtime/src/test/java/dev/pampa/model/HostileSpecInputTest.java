package dev.pampa.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job and node files written to hurt: each is refused with the parameter named, before any database sees it. */
class HostileSpecInputTest {
    @TempDir
    Path dir;

    private static String job(String extra) {
        return "name: odd\ntable: numbers\nprocessor: com.example.Odd\n" + extra + "\n";
    }

    private static InvalidSpecException invalid(String yaml) {
        return catchThrowableOfType(InvalidSpecException.class, () -> JobYaml.parse(yaml, "test.yaml"));
    }

    @Test
    void aColumnOf63CharactersButMoreThan63BytesIsRefusedInBytes() {
        InvalidSpecException e = invalid(job("field_id: " + "é".repeat(40)));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.parameter()).isEqualTo("field_id");
            assertThat(p.found()).contains("80 bytes", "40 characters", "63");
        });
    }

    @Test
    void aControlCharacterInAColumnIsNamedNotSentToTheServer() {
        InvalidSpecException e = invalid(job("field_success: \"ok\\0done\""));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.parameter()).isEqualTo("field_success");
            assertThat(p.found()).contains("U+0000").contains("ok\\u0000done");
        });
    }

    @Test
    void valuesLongerThanTheJobTableHoldsNameTheirParameter() {
        InvalidSpecException e = invalid("name: odd\ntable: numbers\nprocessor: com.example." + "P".repeat(300) + "\n"
                + "allowing_function: com.example." + "A".repeat(300) + "\n");

        assertThat(e.problems()).extracting(SpecProblem::parameter).containsExactly("processor", "allowing_function");
        assertThat(e.getMessage()).hasSizeLessThan(600).contains("at most 300 characters");
    }

    @Test
    void aHugeFilterIsRefusedByItsLengthBeforeItIsCompiled() {
        long t0 = System.nanoTime();
        InvalidSpecException e = invalid(job("filter_worker_id: '" + "(a|aa)*".repeat(25_000) + "'"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.parameter()).isEqualTo("filter_worker_id");
            assertThat(p.found()).isEqualTo("175000 characters");
        });
        assertThat(System.nanoTime() - t0).as("no compile of the pattern").isLessThan(5_000_000_000L);
    }

    @Test
    void aTableNameWithADotIsUsableWhenQuoted() throws Exception {
        assertThat(JobYaml.parse(job("").replace("table: numbers", "table: '\"my.table\"'"), "t").table()).isEqualTo("\"my.table\"");
        assertThat(TableName.parse("\"my.table\"").parts()).containsExactly("my.table");
        assertThat(TableName.parse("sales.\"Q1.2026\"").parts()).containsExactly("sales", "Q1.2026");
        assertThat(TableName.parse("\"say \"\"hi\"\"\"").parts()).containsExactly("say \"hi\"");
        assertThat(TableName.parse("public.numbers")).isEqualTo(new TableName("public", "numbers"));
    }

    @Test
    void anUnquotedTableOfThreePartsSaysHowToQuote() {
        InvalidSpecException e = invalid(job("").replace("table: numbers", "table: a.b.c"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.parameter()).isEqualTo("table");
            assertThat(p.found()).contains("3 parts");
            assertThat(p.fix()).contains("double-quote");
        });
        assertThatThrownBy(() -> TableName.parse("\"open")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> TableName.parse("\"a\"b")).hasMessageContaining("after a quoted part");
    }

    @Test
    void aHugeJobFileIsRefusedBeforeParsing() throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, job("# " + "x".repeat(10 * 1024 * 1024)));
        long t0 = System.nanoTime();

        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> JobYaml.read(big));

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.found()).contains("over the 1048576-byte limit"));
        assertThat(System.nanoTime() - t0).as("refused before parsing").isLessThan(5_000_000_000L);
        assertThat(invalid(job("# " + "x".repeat(2 * 1024 * 1024))).problems()).singleElement()
                .satisfies(p -> assertThat(p.parameter()).isEqualTo("document"));
    }

    @Test
    void aHugeNodeFileIsRefusedBeforeParsing() throws Exception {
        Path big = dir.resolve("node.yaml");
        Files.writeString(big, "name: n01\nhost: 10.0.0.1\n# " + "x".repeat(200_000) + "\n");

        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> NodeYaml.read(big));

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.found()).contains("over the 65536-byte limit"));
    }
}
