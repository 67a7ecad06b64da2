package dev.pampa.control.testing;

/**
 * A runtime that does not stop on SIGTERM: its shutdown hook never returns, so the JVM never exits
 * until SIGKILL, like a worker stuck in a task.
 */
public final class StubbornRuntimeMain {

    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("SIGTERM received; not stopping");
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // only SIGKILL ends this process
            }
        }));
        System.out.println("stubborn runtime ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
