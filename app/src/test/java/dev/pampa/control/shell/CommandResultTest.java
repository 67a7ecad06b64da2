package dev.pampa.control.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandResultTest {

    @Test
    void a_missing_exit_status_is_never_success() {
        assertThat(new CommandResult(null, "", "").succeeded()).isFalse();
        assertThat(new CommandResult(0, "", "").succeeded()).isTrue();
        assertThat(new CommandResult(1, "", "").succeeded()).isFalse();
    }
}
