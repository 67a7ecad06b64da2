package dev.pampa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pampa.testing.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open(TestPostgres.freshDatabase(), 2, "test");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> tables() {
        return db.dsl().fetch("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
                .getValues(0, String.class);
    }

    @Test
    void runsEveryStatementOfTheScript() {
        SqlScript.of("inline", """
                -- a comment; with a semicolon
                CREATE TABLE a (id INT PRIMARY KEY, note TEXT);
                INSERT INTO a SELECT g, 'x;y' FROM generate_series(1, 10) g;
                CREATE FUNCTION twice(n INT) RETURNS INT LANGUAGE plpgsql AS $$
                BEGIN
                  RETURN n * 2;
                END;
                $$;
                INSERT INTO a VALUES (twice(50), '{fn now()} ?');
                """).runOn(db);

        assertThat(count(db, "SELECT count(*) FROM a")).isEqualTo(11L);
        assertThat(db.dsl().fetchValue("SELECT note FROM a WHERE id = 100").toString()).isEqualTo("{fn now()} ?");
        assertThat(db.dsl().fetchValue("SELECT note FROM a WHERE id = 1").toString()).isEqualTo("x;y");
    }

    @Test
    void aFailureLeavesNothingOfTheScriptBehind() {
        SqlScript script = SqlScript.of("sql/broken.sql", """
                CREATE TABLE kept_not (id INT);
                INSERT INTO kept_not VALUES (1);
                INSERT INTO no_such_table VALUES (1);
                """);

        assertThatThrownBy(() -> script.runOn(db))
                .isInstanceOf(SqlScript.Failed.class)
                .hasMessageStartingWith("SQL script sql/broken.sql failed, nothing of it was applied: ")
                .hasMessageContaining("no_such_table")
                .hasMessageEndingWith("fix the script and run it again");
        assertThat(tables()).doesNotContain("kept_not");
    }

    @Test
    void namesTheFixForStatementsThatCannotRunInATransaction() {
        assertThatThrownBy(() -> SqlScript.of("inline", "CREATE TABLE t (id INT); VACUUM t;").runOn(db))
                .isInstanceOf(SqlScript.Failed.class)
                .hasMessageContaining("VACUUM cannot run inside a transaction block")
                .hasMessageEndingWith("run that statement on its own: a script runs as one transaction");
        assertThat(tables()).doesNotContain("t");
    }

    @Test
    void runningAnIdempotentScriptTwiceIsHarmless() {
        SqlScript script = SqlScript.of("inline", """
                CREATE TABLE IF NOT EXISTS n (v BIGINT PRIMARY KEY);
                INSERT INTO n SELECT generate_series(1, 1000) ON CONFLICT DO NOTHING;
                """);
        script.runOn(db);
        script.runOn(db);

        assertThat(count(db, "SELECT count(*) FROM n")).isEqualTo(1000L);
    }

    @Test
    void readsScriptsFromTheClassPath() {
        assertThat(SqlScript.fromClasspath("db/migration/V1__pampa_schema.sql", getClass().getClassLoader()).text())
                .contains("CREATE TABLE pampa.job");
        assertThatThrownBy(() -> SqlScript.fromClasspath("sql/nope.sql", getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no SQL script 'sql/nope.sql' on the class path: check the resource name and that its jar is on the class path");
    }

    private static long count(Database db, String sql) {
        return ((Number) db.dsl().fetchValue(sql)).longValue();
    }
}
