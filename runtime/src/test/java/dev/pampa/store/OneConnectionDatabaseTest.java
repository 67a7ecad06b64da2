package dev.pampa.store;

import dev.pampa.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A one-shot command's database: one plain connection, no pool, the schema checked by one statement. */
class OneConnectionDatabaseTest {

    @Test
    void holdsExactlyOneSessionOnTheServerAndReleasesItOnClose() throws Exception {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database migrated = Database.open(url, 2, "setup")) {
            migrated.migrate();
        }
        String app = "one-shot-" + System.nanoTime();
        try (Database d = Database.connect(url, app)) {
            d.requireCurrentSchema();
            assertThat(new NodeStore(d.dsl()).all()).isEmpty();
            assertThat(sessionsNamed(url, "pampa " + app)).isEqualTo(1);
        }
        assertThat(sessionsNamed(url, "pampa " + app)).isZero();
    }

    @Test
    void readsTheSchemaVersionOfAMigratedAnEmptyAndAnOldDatabase() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database empty = Database.connect(url, "test")) {
            assertThat(empty.appliedSchemaVersion()).isZero();
            assertThatThrownBy(empty::requireCurrentSchema).isInstanceOf(SchemaTooOldException.class)
                    .hasMessageContaining("none (not created yet)");
            empty.dsl().execute("CREATE SCHEMA pampa");
            // a schema without Flyway's history yet
            assertThat(empty.appliedSchemaVersion()).isZero();
            empty.dsl().execute("CREATE TABLE pampa.flyway_schema_history (version varchar(50), success boolean)");
            empty.dsl().execute("INSERT INTO pampa.flyway_schema_history VALUES ('1', true), ('3', true), ('4', false), (NULL, true)");
            assertThat(empty.appliedSchemaVersion()).isEqualTo(3);
            assertThatThrownBy(empty::requireCurrentSchema).hasMessageContaining("at version 3 but this runtime needs " + Database.SCHEMA_VERSION);
        }
        try (Database migrated = TestPostgres.migratedDatabase(); Database one = Database.connect(migrated.url(), "test")) {
            one.requireCurrentSchema();
            assertThat(one.appliedSchemaVersion()).isEqualTo(Database.SCHEMA_VERSION);
        }
    }

    @Test
    void theVersionCheckInsideATransactionLeavesTheTransactionUsable() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database d = Database.connect(url, "test")) {
            d.dsl().transaction(tx -> {
                tx.dsl().execute("CREATE TABLE kept (n int)");
                // the one connection is the transaction's: the check runs inside it, and its failed
                // statement (no history table) must not abort what the transaction did before
                assertThat(d.appliedSchemaVersion()).isZero();
                tx.dsl().execute("INSERT INTO kept VALUES (1)");
            });
            assertThat(((Number) d.dsl().fetchValue("SELECT count(*) FROM kept")).intValue()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineWithTheFix() {
        DbUrl url = DbUrl.of("jdbc:postgresql://127.0.0.1:1/none", "pampa", null);
        assertThatThrownBy(() -> Database.connect(url, "test")).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("check that PostgreSQL runs");
    }

    @Test
    void givesNewPlainConnectionsToWhatNeedsADataSource() throws Exception {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database d = Database.connect(url, "test");
                Connection other = d.dataSource().getConnection(); Statement s = other.createStatement();
                ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            assertThat(r.getInt(1)).isNotEqualTo(((Number) d.dsl().fetchValue("SELECT pg_backend_pid()")).intValue());
        }
    }

    private static int sessionsNamed(DbUrl url, String applicationName) throws Exception {
        try (Database probe = Database.connect(url, "probe")) {
            return ((Number) probe.dsl().fetchValue("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", applicationName)).intValue();
        }
    }
}
