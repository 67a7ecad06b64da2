package dev.pampa.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever the password holds, no part of it reaches a message or a log. */
class DbUrlRedactionTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "p@ss", "a@b@c", "we?ird@", "sl/ash@x", "amp&er=sand", "sp ace", "@", "::", "q?@/&="})
    void noPartOfARawPasswordSurvives(String password) {
        String url = "postgresql://alice:" + password + "@db.example.com:5432/app";

        String shown = DbUrl.redact(url);

        assertThat(shown).startsWith("postgresql://alice:***@").endsWith("db.example.com:5432/app");
        assertThat(shown.replace("postgresql://alice:***@db.example.com:5432/app", "")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "sslpassword", "sslPassword"})
    void secretParametersAreHiddenToTheEnd(String parameter) {
        String shown = DbUrl.redact("jdbc:postgresql://h:5432/db?user=bob&" + parameter + "=s&cr@t&ApplicationName=x");

        assertThat(shown).doesNotContain("s&cr@t", "cr@t").contains(parameter + "=***").startsWith("jdbc:postgresql://h:5432/db?user=bob&");
    }

    @Test
    void aUrlWithoutSecretsIsShownWhole() {
        assertThat(DbUrl.redact("jdbc:postgresql://h:5432/db?user=a@b.com")).isEqualTo("jdbc:postgresql://h:5432/db?user=a@b.com");
        assertThat(DbUrl.redact("postgresql://bob@h:5432/db")).isEqualTo("postgresql://bob@h:5432/db");
        assertThat(DbUrl.parse("postgresql://bob:p%40ss@h:5432/db").toString()).doesNotContain("p@ss", "p%40ss");
    }
}
