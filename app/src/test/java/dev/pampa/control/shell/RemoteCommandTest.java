package dev.pampa.control.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RemoteCommandTest {

    /** Runs the rendered line through a real sh, so the test checks what a shell makes of it. */
    private static String shell(RemoteCommand command) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", command.commandLine()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void every_argument_reaches_the_program_as_one_literal_word() throws Exception {
        List<String> nasty = List.of("a b", "it's", "'", "''", "\"$HOME\"", "$(touch /tmp/pwned-rc)", "`id`", "x;y&&z|w",
                "line1\nline2", "", "*", "~", "\\", "-n", "tab\there", "é ü");
        List<String> args = new ArrayList<>(List.of("%s\\0"));
        args.addAll(nasty);
        String out = shell(RemoteCommand.of("printf", args.toArray(String[]::new)));
        assertThat(out.split("\0", -1)).containsExactlyElementsOf(withTrailingEmpty(nasty));
        assertThat(new java.io.File("/tmp/pwned-rc")).doesNotExist();
    }

    private static List<String> withTrailingEmpty(List<String> words) {
        List<String> all = new ArrayList<>(words);
        all.add("");
        return all;
    }

    @Test
    void quote_uses_single_quotes_and_escapes_inner_ones() {
        assertThat(RemoteCommand.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(RemoteCommand.quote("")).isEqualTo("''");
        assertThat(RemoteCommand.of("ls", "a b").commandLine()).isEqualTo("'ls' 'a b'");
    }

    @Test
    void a_script_reads_its_inputs_as_positional_parameters_not_as_text() throws Exception {
        String out = shell(RemoteCommand.script("printf '[%s]' \"$1\" \"$2\"", "a;echo no", "$(echo no)"));
        assertThat(out).isEqualTo("[a;echo no][$(echo no)]");
    }
}
