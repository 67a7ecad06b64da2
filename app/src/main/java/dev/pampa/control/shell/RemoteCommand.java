package dev.pampa.control.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A command line for a node's POSIX shell. Every argument is single-quoted, so that what the
 * operator typed (a directory, a node name, a key) reaches the program as one literal word and is
 * never read by the shell as syntax. Multi-step logic is a constant script run by {@code sh -c} with
 * its inputs as positional parameters, never text spliced into the script.
 */
public final class RemoteCommand {

    private final String rendered;

    private RemoteCommand(String rendered) {
        this.rendered = rendered;
    }

    /** A program and its arguments, each quoted. */
    public static RemoteCommand of(String program, String... arguments) {
        List<String> words = new ArrayList<>();
        words.add(quote(program));
        for (String argument : arguments) {
            words.add(quote(argument));
        }
        return new RemoteCommand(String.join(" ", words));
    }

    /**
     * A script of our own, run as {@code sh -c 'script' pampa 'arg1' 'arg2' …}: the script reads its
     * inputs as "$1", "$2"…, so that no input is ever part of the script's text. The script must be a
     * constant written in this code base.
     */
    public static RemoteCommand script(String constantScript, String... arguments) {
        String[] all = new String[arguments.length + 3];
        all[0] = "-c";
        all[1] = constantScript;
        all[2] = "pampa";
        System.arraycopy(arguments, 0, all, 3, arguments.length);
        return of("sh", all);
    }

    /** POSIX single-quote quoting: a quote inside becomes '\'' (close, escaped quote, reopen). */
    public static String quote(String word) {
        Objects.requireNonNull(word, "a remote command argument cannot be null");
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The text sent to the node's shell. */
    public String commandLine() {
        return rendered;
    }

    @Override
    public String toString() {
        return rendered;
    }
}
