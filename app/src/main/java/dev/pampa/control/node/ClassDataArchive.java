package dev.pampa.control.node;

import dev.pampa.control.shell.CommandResult;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.shell.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's class data archive, {@code lib/pampa-runtime.jsa}: the runtime's classes as the node's JVM
 * parsed and verified them in a training run ({@code -XX:ArchiveClassesAtExit}, the runtime's hidden
 * {@code cds-training} command, no database needed). Workers started while it is newer than the runtime
 * jar map it ({@code -XX:SharedArchiveFile -Xshare:auto}) instead of loading those classes each, which is
 * what many JVMs starting at once on few cores spend their first second on.
 *
 * <p>Only ever a speed-up: a deploy whose training fails still succeeds, and a JVM that finds the archive
 * unusable (another Java since, a jar replaced behind our back) runs without it, as {@code -Xshare:auto}
 * means.
 */
public final class ClassDataArchive {

    public static final String FILE = "pampa-runtime.jsa";
    static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(3);

    /** What {@link #refresh} did: created it, found it current, or could not create it (and why). */
    public record Outcome(boolean created, boolean current, String problem, Duration took) {
        public String describe() {
            if (created) {
                return "class data archive created in " + took.toMillis() + " ms";
            }
            return current ? "class data archive up to date" : "no class data archive (" + problem + "); workers start without it";
        }
    }

    // $1: base (absolute), $2: Java command, $3…: JVM options. The archive is written under a temporary
    // name that a later deploy's clean-up removes, and renamed only once complete.
    private static final String REFRESH = NodeDirectories.EXPAND_HOME + """
            base=$1; java=$(expand_home "$2"); shift 2
            jar="$base/lib/pampa-runtime.jar"; jsa="$base/lib/pampa-runtime.jsa"; tmp="$base/lib/.pampa-runtime.jsa.pampa-upload"
            log="$base/logs/cds-training.log"
            [ -f "$jar" ] || { echo "$jar is missing" >&2; exit 5; }
            if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then echo pampa-cds-current; exit 0; fi
            rm -f -- "$jsa" "$tmp"
            command -v -- "$java" >/dev/null 2>&1 || { echo "no Java command $java" >&2; exit 127; }
            if ! "$java" "$@" "-XX:ArchiveClassesAtExit=$tmp" -jar "$jar" cds-training < /dev/null > "$log" 2>&1; then
              rm -f -- "$tmp"; echo "the training run failed: see $log" >&2; exit 10
            fi
            [ -s "$tmp" ] || { echo "the JVM wrote no archive: see $log" >&2; exit 11; }
            mv -f -- "$tmp" "$jsa" && echo pampa-cds-created
            """;

    private ClassDataArchive() {
    }

    /**
     * Creates the archive when it is missing or older than the runtime jar, with the node's Java and the
     * workers' JVM options (an archive is refused by a JVM whose heap layout differs). Throws only when
     * the base directory cannot be prepared; a training that fails or runs out of time is an outcome.
     */
    public static Outcome refresh(NodeShell shell, NodeRuntime runtime) throws NodeOperationException {
        long started = System.nanoTime();
        NodeDirectories dirs = NodeDirectories.prepare(shell, runtime.baseDirectory());
        List<String> arguments = new ArrayList<>(List.of(dirs.base(), runtime.javaCommand()));
        arguments.addAll(ProcessControl.WORKER_JVM_OPTIONS);
        CommandResult result;
        try {
            result = shell.run(RemoteCommand.script(REFRESH, arguments.toArray(String[]::new)), TRAINING_TIMEOUT);
        } catch (NodeOperationException e) {
            // a training that outlasts its time is no reason to fail the deploy it follows
            return new Outcome(false, false, e.problem().cause(), Duration.ofNanos(System.nanoTime() - started));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (result.succeeded() && result.stdout().contains("pampa-cds-created")) {
            return new Outcome(true, false, null, took);
        }
        if (result.succeeded() && result.stdout().contains("pampa-cds-current")) {
            return new Outcome(false, true, null, took);
        }
        return new Outcome(false, false, NodeDirectories.orStatus(result), took);
    }
}
