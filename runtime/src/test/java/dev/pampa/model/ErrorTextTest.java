package dev.pampa.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorTextTest {

    @Test
    void nulAndTerminalEscapesAreReplacedLineBreaksKept() {
        String cleaned = ErrorText.clean("bad\0key \u001b[2J\u001b]0;owned\u0007 line1\nline2\tcol");

        assertThat(cleaned).doesNotContain("\0", "\u001b", "\u0007").contains("line1\nline2\tcol", "bad\uFFFDkey");
    }

    @Test
    void aHugeMessageKeepsItsHeadTheTopFramesAndTheCauseWithinTheCap() {
        RuntimeException cause = new IllegalStateException("root cause here");
        RuntimeException e = new RuntimeException("x".repeat(5_000_000) + "\0", cause);

        String text = ErrorText.of(e);

        assertThat(text.length()).isLessThanOrEqualTo(ErrorText.MAX_CHARS);
        assertThat(text).startsWith("java.lang.RuntimeException: xxx").contains("more characters]", "\tat ",
                "Caused by: java.lang.IllegalStateException: root cause here").doesNotContain("\0");
    }

    @Test
    void aSelfReferentialCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        assertThat(ErrorText.of(b)).contains("java.lang.RuntimeException: b", "Caused by: java.lang.RuntimeException: a");
    }
}
