package dev.pampa.control.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the cockpit writes to its settings file keeps no secret the URL carried. */
class ExternalDatabaseSettingsTest {

    @Test
    void passwordsAndKeyPassphrasesAreDroppedWhereverTheyStand() {
        ExternalDatabase.WithoutPassword kept = ExternalDatabase.withoutPassword(
                "jdbc:postgresql://h:5432/db?sslpassword=k3y&password=pw&sslmode=verify-full&PASSWORD=x", "bob");

        assertThat(kept.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=verify-full");
        assertThat(kept.user()).isEqualTo("bob");
    }

    @Test
    void aUserInfoPasswordIsDroppedAndAUrlWithoutSecretsIsKeptWhole() {
        assertThat(ExternalDatabase.withoutPassword("postgresql://bob:p%40ss@h:5432/db", null))
                .isEqualTo(new ExternalDatabase.WithoutPassword("jdbc:postgresql://h:5432/db", "bob"));
        assertThat(ExternalDatabase.withoutPassword("jdbc:postgresql://h:5432/db?sslmode=require", "bob").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require");
        assertThat(ExternalDatabase.withoutPassword("jdbc:postgresql://h:5432/db?password=only", "bob").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/db");
    }
}
