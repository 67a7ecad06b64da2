package dev.pampa.ui.common;

import dev.pampa.control.database.EmbeddedDatabase;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.model.InvalidSpecException;

/** A failure as the operator reads it: what went wrong, and what to do. Raw library messages stay in the log. */
public record ProblemText(String cause, String fix) {

    public static ProblemText of(Throwable failure) {
        Throwable t = failure;
        while (t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException) {
            if (t.getCause() == null) {
                break;
            }
            t = t.getCause();
        }
        if (t instanceof NodeOperationException e) {
            return new ProblemText(e.problem().step().label() + ": " + e.problem().cause(), e.problem().fix());
        }
        if (t instanceof InvalidSpecException e) {
            return new ProblemText(e.getMessage(), "correct the values named above");
        }
        if (t instanceof EmbeddedDatabase.StartFailure e) {
            return split(e.getMessage());
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return split(message);
    }

    /** Pampa's one-line errors read "cause: fix" or "cause — fix"; keep the parts apart when they do. */
    static ProblemText split(String message) {
        int dash = message.lastIndexOf(" — ");
        if (dash > 0) {
            return new ProblemText(message.substring(0, dash), message.substring(dash + 3));
        }
        return new ProblemText(message, "");
    }

    @Override
    public String toString() {
        return fix.isBlank() ? cause : cause + " — " + fix;
    }
}
