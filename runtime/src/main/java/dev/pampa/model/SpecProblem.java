package dev.pampa.model;

/** One thing wrong with a job or node definition: which parameter, what was found, what to do. */
public record SpecProblem(String parameter, String found, String fix) {
    @Override
    public String toString() {
        return parameter + ": " + found + " — " + fix;
    }
}
