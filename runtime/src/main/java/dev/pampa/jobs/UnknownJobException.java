package dev.pampa.jobs;

import dev.pampa.model.CloseNames;
import java.util.List;
import java.util.NoSuchElementException;

/** No job is stored under a name (never stored, or deleted meanwhile); names the stored ones. */
public final class UnknownJobException extends NoSuchElementException {
    private final String name;
    private final List<String> known;

    public UnknownJobException(String name, List<String> known) {
        super(message(name, known));
        this.name = name;
        this.known = List.copyOf(known);
    }

    private static String message(String name, List<String> known) {
        if (known.isEmpty()) {
            return "no job named " + name + ": no job is stored yet"
                    + " — store one with: java -jar pampa-runtime.jar job apply FILE.yaml, or New job… in the cockpit's Jobs screen";
        }
        String hint = CloseNames.didYouMean(CloseNames.to(name, known, 2));
        return "no job named " + name + " (known jobs: " + String.join(", ", known) + ")"
                + " — " + (hint.isEmpty() ? "give one of the known names" : hint);
    }

    public String name() {
        return name;
    }

    public List<String> known() {
        return known;
    }
}
