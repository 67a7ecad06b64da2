package dev.pampa.control.testing;

/**
 * Stands in for pampa-runtime.jar in process-control tests: says it is ready (with its arguments and
 * whether PAMPA_DB reached it, never its value), then sleeps until a signal ends the JVM. Its
 * {@code cds-training} returns at once, as the runtime's does once its classes are loaded.
 */
public final class FakeRuntimeMain {

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && args[0].equals("cds-training")) {
            System.out.println("fake class data training");
            return;
        }
        System.out.println("fake runtime ready args=" + String.join(" ", args)
                + " PAMPA_DB=" + (System.getenv("PAMPA_DB") == null ? "unset" : "set"));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
