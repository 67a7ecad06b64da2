package dev.pampa.control.node;

import dev.pampa.control.shell.LocalShell;
import dev.pampa.control.shell.NodeOperationException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLogTest {
    @TempDir
    Path base;

    @Test
    void the_last_lines_then_only_complete_new_lines_as_they_come() throws Exception {
        ProcessLog log = ProcessLog.of(new LocalShell(), base.toString(), ProcessName.worker("n01.1"));
        Path file = base.resolve("logs/n01.1.log");
        Files.writeString(file, "one\ntwo\nthree\n");

        ProcessLog.Lines last = log.last(2);

        assertThat(last.lines()).containsExactly("two", "three");
        assertThat(last.linesSoFar()).isEqualTo(3);
        assertThat(log.after(3).lines()).isEmpty();

        Files.writeString(file, "four\nfi", StandardOpenOption.APPEND);
        ProcessLog.Lines next = log.after(last.linesSoFar());
        assertThat(next.lines()).containsExactly("four");
        assertThat(next.linesSoFar()).isEqualTo(4);

        Files.writeString(file, "ve\n", StandardOpenOption.APPEND);
        assertThat(log.after(next.linesSoFar()).lines()).containsExactly("five");
    }

    @Test
    void escape_sequences_and_control_bytes_are_shown_cleaned_line_feeds_and_tabs_kept() throws Exception {
        ProcessLog log = ProcessLog.of(new LocalShell(), base.toString(), ProcessName.worker("n01.1"));
        Path file = base.resolve("logs/n01.1.log");
        Files.writeString(file, "ok\tline\nfailed: \u001b]0;owned\u0007\u001b[2J\rhidden\u0000end\nlast\n");

        ProcessLog.Lines last = log.last(10);

        assertThat(last.lines()).containsExactly("ok\tline", "failed: \uFFFD]0;owned\uFFFD\uFFFD[2J\uFFFDhidden\uFFFDend", "last");
        assertThat(last.linesSoFar()).as("a carriage return is no line of its own").isEqualTo(3);
        assertThat(String.join("", log.after(0).lines())).doesNotContain("\u001b", "\u0007", "\r", "\u0000");
    }

    @Test
    void a_process_never_started_has_no_log_and_says_to_start_it() throws Exception {
        ProcessLog log = ProcessLog.of(new LocalShell(), base.toString(), ProcessName.DISPATCHER);

        assertThatThrownBy(() -> log.last(10)).isInstanceOfSatisfying(NodeOperationException.class,
                e -> assertThat(e.problem().fix()).isEqualTo("start dispatcher first: its log appears when it starts"));
    }

    @Test
    void the_last_lines_run_across_rotated_files_and_follow_mode_goes_on_after_a_rotation() throws Exception {
        ProcessLog log = ProcessLog.of(new LocalShell(), base.toString(), ProcessName.worker("n01.1"));
        Path file = base.resolve("logs/n01.1.log");
        Files.writeString(base.resolve("logs/n01.1.log.2"), "one\ntwo\n");
        Files.writeString(base.resolve("logs/n01.1.log.1"), "three\nfour\n");
        Files.writeString(file, "five\n");

        ProcessLog.Lines last = log.last(4);

        assertThat(last.lines()).containsExactly("two", "three", "four", "five");
        assertThat(last.linesSoFar()).isEqualTo(1);

        Files.writeString(file, "six\nseven\n", StandardOpenOption.APPEND);
        // rotated: the current file moves to .1, a new one starts
        Files.move(base.resolve("logs/n01.1.log.1"), base.resolve("logs/n01.1.log.2"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(file, base.resolve("logs/n01.1.log.1"));
        Files.writeString(file, "eight\n");

        ProcessLog.Lines next = log.after(2);

        assertThat(next.lines()).containsExactly("seven", "eight");
        assertThat(next.linesSoFar()).isEqualTo(1);
        assertThat(log.after(next.linesSoFar()).lines()).isEmpty();
    }

    @Test
    void what_the_jvm_wrote_itself_follows_the_log_under_a_heading() throws Exception {
        ProcessLog log = ProcessLog.of(new LocalShell(), base.toString(), ProcessName.worker("n01.1"));
        Files.writeString(base.resolve("logs/n01.1.log"), "---- starting n01.1 ----\n");
        Files.writeString(base.resolve("logs/n01.1.out"), "---- starting n01.1 ----\nError: Could not find or load main class x\n");

        assertThat(log.last(10).lines()).containsExactly("---- starting n01.1 ----",
                "---- the JVM's own output (" + log.output() + ") ----", "---- starting n01.1 ----", "Error: Could not find or load main class x");

        Files.writeString(base.resolve("logs/n01.1.out"), "---- starting n01.1 ----\n");
        assertThat(log.last(10).lines()).as("nothing but start lines: nothing shown").containsExactly("---- starting n01.1 ----");
    }
}
