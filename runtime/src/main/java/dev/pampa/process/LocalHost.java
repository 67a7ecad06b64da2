package dev.pampa.process;

/** This machine's host name, as workers and the dispatcher report it. */
public final class LocalHost {
    private LocalHost() {
    }

    public static String name() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | SecurityException e) {
            return "unknown";
        }
    }
}
