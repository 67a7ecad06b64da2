package dev.pampa.control.node;

/**
 * How many nodes a cluster-wide operation (status, starting or stopping every node's workers, a deploy
 * to all, the cockpit's Start and Stop) works on at once: as many as there are nodes, up to a bound.
 * Each node's work is mostly waiting on its SSH round trips, so a fixed small number (8, once) made 100
 * nodes take a dozen rounds of logins; the bound keeps threads and simultaneous logins (and a deploy's
 * uploads) within what one operator machine handles.
 */
public final class NodeParallelism {
    /** The bound when none is given. */
    public static final int DEFAULT_LIMIT = 32;
    /** Sets the bound for every command and the cockpit, when no {@code --parallel} is given. */
    public static final String ENVIRONMENT = "PAMPA_PARALLEL_NODES";

    private NodeParallelism() {
    }

    /**
     * @param limit the operator's bound ({@code --parallel}), or null for {@link #ENVIRONMENT}, else {@link #DEFAULT_LIMIT}
     * @throws IllegalArgumentException naming the bad value and what to give instead
     */
    public static int forNodes(int nodes, Integer limit) {
        int bound = limit != null ? checked(limit, "--parallel") : fromEnvironment();
        return Math.max(1, Math.min(nodes, bound));
    }

    /** The bound of {@link #ENVIRONMENT}, or {@link #DEFAULT_LIMIT} when unset. */
    static int fromEnvironment() {
        String text = System.getenv(ENVIRONMENT);
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            return checked(Integer.parseInt(text.strip()), ENVIRONMENT);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ENVIRONMENT + "=" + text + " is not a number — set it to how many nodes to work on at once (1 or more), or unset it for "
                    + DEFAULT_LIMIT);
        }
    }

    private static int checked(int limit, String name) {
        if (limit < 1) {
            throw new IllegalArgumentException(name + " " + limit + ": give how many nodes to work on at once, 1 or more");
        }
        return limit;
    }
}
