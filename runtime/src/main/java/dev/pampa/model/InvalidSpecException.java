package dev.pampa.model;

import java.util.List;
import java.util.stream.Collectors;

/** A definition that cannot be used, with every problem found in it. */
public class InvalidSpecException extends Exception {
    private final List<SpecProblem> problems;

    public InvalidSpecException(String what, List<SpecProblem> problems) {
        super(what + ": " + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
