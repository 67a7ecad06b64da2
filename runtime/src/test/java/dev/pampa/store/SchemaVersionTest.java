package dev.pampa.store;

import dev.pampa.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaVersionTest {
    @Test
    void theRuntimesSchemaVersionIsItsHighestMigration() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            int highest = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
            assertThat(Database.SCHEMA_VERSION).isEqualTo(highest);
        }
    }

    @Test
    void aMigratedDatabasePassesAndAnEmptyOneIsTooOld() {
        try (Database migrated = TestPostgres.migratedDatabase()) {
            migrated.requireCurrentSchema();
        }
        try (Database empty = Database.open(TestPostgres.freshDatabase(), 2, "test")) {
            assertThatThrownBy(empty::requireCurrentSchema).isInstanceOf(SchemaTooOldException.class)
                    .hasMessageContaining("none (not created yet)").hasMessageContaining("migrate");
            empty.dsl().execute("CREATE SCHEMA pampa; CREATE TABLE pampa.flyway_schema_history (version varchar(50), success boolean)");
            empty.dsl().execute("INSERT INTO pampa.flyway_schema_history VALUES ('1', true), ('2', true), (NULL, true)");
            assertThatThrownBy(empty::requireCurrentSchema).hasMessageContaining("at version 2 but this runtime needs " + Database.SCHEMA_VERSION);
        }
    }
}
