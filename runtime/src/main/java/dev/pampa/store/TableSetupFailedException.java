package dev.pampa.store;

import dev.pampa.model.ddl.DdlStep;
import java.util.List;

/**
 * A step preparing a task table failed for another reason than a busy table: its connection was cut,
 * its backend terminated, the server refused a statement. What ran before it stays (nullable columns,
 * finished indexes); an index whose build was cut stays invalid until the next apply drops and rebuilds it.
 */
public final class TableSetupFailedException extends RuntimeException {
    private final transient DdlStep step;
    private final List<String> ran;

    public TableSetupFailedException(String table, DdlStep step, List<String> ran, Throwable cause) {
        super("preparing table " + table + " stopped at \"" + step.title() + "\": " + firstLine(cause)
                + " — nothing was stored; apply again once that is fixed: what was done is kept, and an index left"
                + " half-built is dropped and built again", cause);
        this.step = step;
        this.ran = List.copyOf(ran);
    }

    private static String firstLine(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
    }

    public DdlStep step() {
        return step;
    }

    /** The statements that ran before the step that failed, and stay. */
    public List<String> ran() {
        return ran;
    }
}
