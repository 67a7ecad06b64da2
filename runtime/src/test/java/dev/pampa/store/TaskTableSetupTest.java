package dev.pampa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TaskTableSetupTest {
    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void shortTableNameIsKeptWhole() {
        assertThat(TaskTableSetup.indexName("numbers", TaskTableSetup.PENDING_SUFFIX)).isEqualTo("numbers_pampa_pending");
    }

    @Test
    void longNamesAreCutTo63BytesAndStayDistinct() {
        String a = "a".repeat(55) + "_first";
        String b = "a".repeat(55) + "_second";

        String ia = TaskTableSetup.indexName(a, TaskTableSetup.RESERVED_SUFFIX);
        String ib = TaskTableSetup.indexName(b, TaskTableSetup.RESERVED_SUFFIX);

        assertThat(bytes(ia)).isEqualTo(63);
        assertThat(ia).startsWith("aaaa").endsWith("_pampa_reserved").isNotEqualTo(ib);
    }

    @Test
    void multibyteNamesAreCutOnWholeCharacters() {
        String name = TaskTableSetup.indexName("ñ".repeat(40), TaskTableSetup.PENDING_SUFFIX);

        assertThat(bytes(name)).isLessThanOrEqualTo(63);
        assertThat(name).matches("ñ+_[0-9a-f]{8}_pampa_pending");
    }
}
