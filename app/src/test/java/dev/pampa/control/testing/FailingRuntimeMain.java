package dev.pampa.control.testing;

/** Stands in for a runtime jar that cannot run at all: every command fails with exit status 3. */
public final class FailingRuntimeMain {

    public static void main(String[] args) {
        System.err.println("pampa: this runtime is broken");
        System.exit(3);
    }
}
