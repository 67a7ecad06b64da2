package dev.pampa.operator;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where the operator's answers come from: the console (the terminal, even when stdin is redirected),
 * or standard input, but only when a flag of the command says that someone answers there
 * ({@code --answer-stdin}, {@code --password-stdin}). A script without a terminal and without such a
 * flag is never asked, so it cannot hang, nor approve a key by feeding whatever its stdin holds.
 */
final class OperatorAnswers {
    private static final int LONGEST_LINE = 4096;

    private final Console console;
    private final InputStream stdin;

    OperatorAnswers(Console console, InputStream stdin) {
        this.console = console;
        this.stdin = stdin;
    }

    /** This process's console (null without a terminal) and its standard input as it is now: tests replace it. */
    static OperatorAnswers ofThisProcess() {
        return new OperatorAnswers(System.console(), System.in);
    }

    boolean hasConsole() {
        return console != null;
    }

    /** A line typed on the console after the prompt; null at end of input. Only with {@link #hasConsole()}. */
    String lineOnConsole(String prompt) {
        return console.readLine("%s", prompt);
    }

    /** A secret typed on the console without echo; null at end of input. Only with {@link #hasConsole()}. */
    char[] secretOnConsole(String prompt) {
        return console.readPassword("%s", prompt);
    }

    /**
     * The first line of standard input, without its line end, as characters the caller wipes: a
     * password must not become a String, which stays in memory until collected. Null when stdin is empty.
     */
    char[] firstLineOfStdin() throws IOException {
        // Unbuffered beyond the decoder: what follows the first line stays for whoever reads next.
        Reader reader = new InputStreamReader(stdin, StandardCharsets.UTF_8);
        char[] line = new char[LONGEST_LINE];
        int length = 0;
        int c;
        boolean any = false;
        try {
            while ((c = reader.read()) != -1) {
                any = true;
                if (c == '\n') {
                    break;
                }
                if (length == line.length) {
                    throw new IOException("the first line is longer than " + LONGEST_LINE + " characters");
                }
                line[length++] = (char) c;
            }
            if (!any) {
                return null;
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            return Arrays.copyOf(line, length);
        } finally {
            Arrays.fill(line, '\0');
        }
    }
}
