package dev.pampa.control.node;

import dev.pampa.control.shell.CommandResult;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.shell.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts and stops a node's workers and dispatcher through its {@link NodeShell}, detached from the
 * session: {@code setsid nohup} (plain {@code nohup} where there is no setsid), stdin from /dev/null,
 * the runtime logging to {@code logs/NAME.log} itself, rotated by size into a bounded number of files
 * ({@code dev.pampa.logging.LogSettings}), the JVM's own stdout and stderr appended to
 * {@code logs/NAME.out} (cut to its last megabyte at each start), the pid in {@code run/NAME.pid}. Where the
 * node's systemd can run a transient scope (the system manager for root, else the user's
 * {@code systemd-run --user} when the user lingers), a worker runs in one with {@code MemoryMax},
 * {@code CPUQuota} and {@code IOReadBandwidthMax}/{@code IOWriteBandwidthMax} (on the block device under
 * the base directory) from {@code max_ram}, {@code max_cpu} and {@code max_disk_io}, each only where
 * its cgroup controller is there: the kernel then holds it to them, where without systemd only the heap
 * can be capped ({@code -Xmx}). A limit that cannot be held, and {@code max_net_io} always (no node
 * facility limits one process's bandwidth without a traffic shaper), comes back in
 * {@link StartOutcome#limitsNotHeld()} and in the process's log. The database
 * URL is read from {@code pampa.env} by the start script, never passed as an argument, where
 * {@code ps} would show its password.
 *
 * <p>A pid file counts only while its process is alive and still runs our runtime jar, so a pid
 * reused by another program after a reboot is a stale file, not a running worker.
 */
public final class ProcessControl {

    /** The lean JVM the runtime's README recommends for a node's processes (workers, agent, dispatcher): many of them share its cores and memory, and C1 alone brings them to full speed at once. */
    public static final List<String> WORKER_JVM_OPTIONS = List.of("-Xms8m", "-Xmx128m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=24m", "-XX:MaxMetaspaceSize=64m", "-Xss256k",
            "-XX:CICompilerCount=1");
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    // Defines ours PID: true when PID is alive, not a zombie, and runs "$jar". /proc first: ps may
    // cut long command lines.
    private static final String OURS = NodeDirectories.EXPAND_HOME + """
            ours() {
              case "$1" in ''|*[!0-9]*) return 1 ;; esac
              kill -0 "$1" 2>/dev/null || return 1
              if [ -r "/proc/$1/cmdline" ]; then args=$(tr '\\000' ' ' < "/proc/$1/cmdline")
              else
                st=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
                case "$st" in Z*) return 1 ;; esac
                args=$(ps -ww -o args= -p "$1" 2>/dev/null) || return 0
              fi
              case "$args" in *"$jar"*) return 0 ;; *) return 1 ;; esac
            }
            nap() { sleep 0.1 2>/dev/null || sleep 1; }
            """;

    // $1: base (absolute), $2: process name, $3: Java command, $4: MemoryMax in MB or '', $5: CPUQuota
    // in % or '', $6: disk bandwidth in KiB/s or '', $7: network bandwidth in KiB/s or '', $8: "off" to
    // keep systemd out, $9…: the Java arguments. The launcher and each limit's enforcement are decided
    // here, on the node, because only the node knows its systemd, its cgroups and the disk under the base
    // directory. Every limit asked for that cannot be held is printed as "pampa-unenforced LIMIT REASON"
    // ("pampa-heap-only max_ram REASON" where only the heap cap holds), never dropped in silence.
    private static final String START = OURS + """
            base=$1; name=$2; java=$(expand_home "$3"); ram=$4; cpu=$5; disk=$6; net=$7; systemd=$8; shift 8
            jar="$base/lib/pampa-runtime.jar"; pidfile="$base/run/$name.pid"; log="$base/logs/$name.log"; out="$base/logs/$name.out"
            if [ -f "$pidfile" ]; then
              pid=$(cat -- "$pidfile")
              if ours "$pid"; then echo "pampa-running $pid"; exit 0; fi
              rm -f -- "$pidfile" || exit 3
              echo "pampa-stale ${pid:--}"
            fi
            [ -f "$jar" ] || { echo "$jar is missing" >&2; exit 5; }
            [ -f "$base/pampa.env" ] || { echo "$base/pampa.env is missing" >&2; exit 5; }
            . "$base/pampa.env" || exit 6
            command -v -- "$java" >/dev/null 2>&1 || { echo "no Java command $java (PATH=$PATH)" >&2; exit 127; }
            jsa="$base/lib/pampa-runtime.jsa"
            # only an archive trained on this very jar: an older one would be refused, and take the JDK's own with it
            if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then set -- "-XX:SharedArchiveFile=$jsa" -Xshare:auto "$@"; fi
            user=$(id -un 2>/dev/null); uid=$(id -u 2>/dev/null)
            cg=${PAMPA_CGROUP_ROOT:-/sys/fs/cgroup}
            manager=
            if [ "$systemd" = off ] || [ "${PAMPA_SYSTEMD:-}" = off ]; then
              why="systemd turned off by PAMPA_SYSTEMD=off"
            elif ! command -v systemd-run >/dev/null 2>&1; then
              why="no systemd-run"
            elif [ "$uid" = 0 ] && systemd-run --quiet --scope --collect true < /dev/null > /dev/null 2>&1; then
              manager=system
            elif ! systemd-run --user --quiet --scope --collect true < /dev/null > /dev/null 2>&1; then
              why="systemd-run --user does not work here"
            elif [ "$(loginctl show-user --property=Linger --value "$user" 2>/dev/null)" != yes ]; then
              # without lingering, the user's systemd instance ends with the last session, and our scopes with it
              why="no lingering for $user: loginctl enable-linger $user"
            else
              manager=user
            fi
            # what the scope's cgroup may use: the system manager has every controller; a user's only those
            # delegated to user@UID.service (memory, cpu and pids by default, io only when added), on cgroup v2
            if [ "$manager" = user ]; then
              if [ -f "$cg/cgroup.controllers" ]; then
                controllers=" $(cat "$cg/user.slice/user-$uid.slice/user@$uid.service/cgroup.controllers" 2>/dev/null) "
              else
                controllers=" "; nocg="the node's cgroups are v1, which systemd does not delegate to a user"
              fi
            else
              controllers=" cpu io memory "
            fi
            has() { case "$controllers" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
            lacks() { if [ -n "${nocg:-}" ]; then echo "$nocg"; else echo "the $1 controller is not delegated to $user's systemd (add it to Delegate= of user@.service)"; fi; }
            props=; notes=; nl='
'
            note() { echo "pampa-$1 $2 $3"; notes="$notes$2 not fully held: $3$nl"; }
            if [ -n "$manager" ]; then
              set -- -- "$java" "$@"
              # each option goes in front: the disk's first, so that the command reads MemoryMax, CPUQuota, IO…
              if [ -n "$disk" ]; then
                # the block device under the base directory (of stacked mounts the last, the one seen); a btrfs
                # subvolume shows as /dev/sdX[/sub]
                dev=$( (findmnt -n -o SOURCE -T "$base" 2>/dev/null || df -P "$base" 2>/dev/null | awk 'NR==2 {print $1}') | tail -n 1)
                dev=${dev%%\\[*}
                if ! has io; then note unenforced max_disk_io "$(lacks io)"
                elif [ ! -b "$dev" ]; then note unenforced max_disk_io "the base directory $base is on ${dev:-an unknown device}, not a block device"
                else
                  set -- -p "IOReadBandwidthMax=$dev ${disk}K" -p "IOWriteBandwidthMax=$dev ${disk}K" "$@"
                  props=" IOReadBandwidthMax=$dev ${disk}K IOWriteBandwidthMax=$dev ${disk}K$props"
                fi
              fi
              if [ -n "$cpu" ]; then
                if has cpu; then set -- -p "CPUQuota=$cpu%" "$@"; props=" CPUQuota=$cpu%$props"
                else note unenforced max_cpu "$(lacks cpu)"; fi
              fi
              if [ -n "$ram" ]; then
                if has memory; then set -- -p "MemoryMax=${ram}M" "$@"; props=" MemoryMax=${ram}M$props"
                else note heap-only max_ram "$(lacks memory)"; fi
              fi
            else
              [ -z "$ram" ] || note heap-only max_ram "$why"
              [ -z "$cpu" ] || note unenforced max_cpu "$why"
              [ -z "$disk" ] || note unenforced max_disk_io "$why"
            fi
            # systemd has no bandwidth property, and a cgroup-matching shaper (tc, nftables) needs root and
            # changes the node's network for everyone: Pampa does not set one up
            [ -z "$net" ] || note unenforced max_net_io "no per-process network limit exists without a traffic shaper (tc or nftables matching the scope's cgroup, as root), which Pampa does not set up; status shows the namespace's traffic"
            if [ -n "$manager" ]; then
              unit="pampa-$name-$(date +%s)-$$"
              if [ "$manager" = user ]; then set -- systemd-run --user --scope --quiet --collect "--unit=$unit" "$@"
              else set -- systemd-run --scope --quiet --collect "--unit=$unit" "$@"; fi
              launcher="systemd-run --$manager scope $unit$props"
            else
              launcher="setsid nohup ($why)"
            fi
            case "$launcher" in setsid*) set -- "$java" "$@" ;; esac
            printf -- '---- %s starting %s with %s ----\\n%s' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$name" "$launcher" "$notes" >> "$log" || exit 7
            # The runtime writes its log itself, rotated (PAMPA_LOG_FILE; PAMPA_LOG_MAX_MB and PAMPA_LOG_FILES
            # may be set in pampa.env). The JVM's own output (a crash, a failure to start) goes to NAME.out,
            # cut to its last 1 MB here at each start: the runtime sends System.out/err to its log, so
            # only the JVM itself writes there.
            PAMPA_LOG_FILE=$log; export PAMPA_LOG_FILE
            if [ -f "$out" ] && [ "$(wc -c < "$out")" -gt 1048576 ]; then
              tail -c 1048576 -- "$out" > "$out.cut" && mv -f -- "$out.cut" "$out"
            fi
            printf -- '---- %s starting %s ----\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$name" >> "$out" || exit 7
            # A scope's systemd-run execs the command itself, so $! stays the JVM's pid whichever launcher.
            if command -v setsid >/dev/null 2>&1; then
              setsid nohup "$@" < /dev/null >> "$out" 2>&1 &
            else
              nohup "$@" < /dev/null >> "$out" 2>&1 &
            fi
            pid=$!
            printf '%s\\n' "$pid" > "$pidfile" || { kill -KILL "$pid"; exit 8; }
            echo "pampa-launcher $launcher"
            echo "pampa-started $pid"
            """;

    // $1: base (absolute), $2: process name, $3: grace in seconds.
    private static final String STOP = OURS + """
            base=$1; name=$2; grace=$3
            jar="$base/lib/pampa-runtime.jar"; pidfile="$base/run/$name.pid"
            [ -f "$pidfile" ] || { echo pampa-not-running; exit 0; }
            pid=$(cat -- "$pidfile")
            if ! ours "$pid"; then rm -f -- "$pidfile"; echo "pampa-stale ${pid:--}"; exit 0; fi
            kill -TERM "$pid" 2>/dev/null
            deadline=$(( $(date +%s) + grace ))
            while ours "$pid"; do
              if [ "$(date +%s)" -gt "$deadline" ]; then
                kill -KILL "$pid" 2>/dev/null
                n=0; while ours "$pid" && [ $n -lt 50 ]; do nap; n=$((n + 1)); done
                if ours "$pid"; then echo "process $pid survived SIGKILL" >&2; exit 9; fi
                rm -f -- "$pidfile"; echo "pampa-killed $pid"; exit 0
              fi
              nap
            done
            rm -f -- "$pidfile"; echo "pampa-terminated $pid"
            """;

    // $1: base (absolute). One line per pid file: running|stale PID NAME.
    // $1: base directory as configured. One round trip for the whole status, the base resolved (and
    // prepared, as NodeDirectories does) in the same script: status runs on every node at once.
    private static final String STATUS = OURS + """
            dir=$(expand_home "$1")
            mkdir -p -- "$dir/lib" "$dir/jobs" "$dir/logs" "$dir/run" || exit 3
            cd -- "$dir" || exit 3
            base=$(pwd -P); jar="$base/lib/pampa-runtime.jar"
            printf 'base %s\n' "$base"
            for f in "$base"/run/*.pid; do
              [ -f "$f" ] || continue
              name=${f##*/}; name=${name%.pid}; pid=$(cat -- "$f")
              if ours "$pid"; then echo "running ${pid} $name"; else echo "stale ${pid:--} $name"; fi
            done
            """;

    private final NodeShell shell;
    private final NodeRuntime runtime;
    private NodeDirectories directories;

    public ProcessControl(NodeShell shell, NodeRuntime runtime) {
        this.shell = shell;
        this.runtime = runtime;
    }

    /**
     * A worker, served by its node's agent (start the agent first: the worker waits a while for its
     * socket, then gives up saying so).
     */
    public StartOutcome startWorker(String workerName) throws NodeOperationException {
        ProcessName name = ProcessName.worker(workerName);
        List<String> jvm = new ArrayList<>(WORKER_JVM_OPTIONS);
        if (runtime.maxRamMb() != null) {
            jvm.add("-Xmx" + runtime.maxRamMb() + "m"); // the last -Xmx wins
        }
        return start(name, jvm, List.of("worker", "--name", name.value(), "--agent-socket", agentSocket()));
    }

    /**
     * The node's agent, the only database client of its workers, serving them on {@link #agentSocket()},
     * and their supervisor: it restarts, with backoff, a worker that dies or stops to be restarted while
     * the worker's pid file still names it (ADR 0006).
     */
    public StartOutcome startAgent(String node) throws NodeOperationException {
        return start(ProcessName.AGENT, WORKER_JVM_OPTIONS, List.of("agent", "--node", node, "--socket", agentSocket(),
                "--supervise-base", directories().base()));
    }

    public StopOutcome stopAgent(Duration grace) throws NodeOperationException {
        return stop(ProcessName.AGENT, grace);
    }

    /** In a directory of its own that the agent makes 0700: the socket carries the database's authority. */
    String agentSocket() throws NodeOperationException {
        return directories().base() + "/run/agent/agent.sock";
    }

    public StartOutcome startDispatcher() throws NodeOperationException {
        return start(ProcessName.DISPATCHER, WORKER_JVM_OPTIONS, List.of("dispatcher"));
    }

    /** The dispatcher, recording {@code node} (a stored node's name) in the lease, so that status and the cockpit name the node as stored. */
    public StartOutcome startDispatcher(String node) throws NodeOperationException {
        return start(ProcessName.DISPATCHER, WORKER_JVM_OPTIONS, List.of("dispatcher", "--node", node));
    }

    public StopOutcome stopWorker(String workerName, Duration grace) throws NodeOperationException {
        return stop(ProcessName.worker(workerName), grace);
    }

    public StopOutcome stopDispatcher(Duration grace) throws NodeOperationException {
        return stop(ProcessName.DISPATCHER, grace);
    }

    public ProcessStatus status() throws NodeOperationException {
        CommandResult result = shell.run(RemoteCommand.script(STATUS, runtime.baseDirectory()), NodeDirectories.QUICK);
        List<String> lines = result.stdout().lines().toList();
        int at = 0;
        while (at < lines.size() && !lines.get(at).startsWith("base /")) {
            at++;
        }
        if (Integer.valueOf(3).equals(result.exitStatus()) || (result.succeeded() && at == lines.size())) {
            throw NodeDirectories.notPrepared(shell, runtime.baseDirectory(), result);
        }
        check(result, NodeStep.STATUS, "read the pid files");
        NodeDirectories dirs = new NodeDirectories(lines.get(at).substring("base ".length()));
        directories = dirs;
        List<ProcessStatus.PidFile> running = new ArrayList<>();
        List<ProcessStatus.PidFile> stale = new ArrayList<>();
        for (String line : lines.subList(at + 1, lines.size())) {
            String[] parts = line.strip().split(" ", 3);
            if (parts.length == 3) {
                (parts[0].equals("running") ? running : stale).add(new ProcessStatus.PidFile(parts[2], parts[1]));
            }
        }
        return new ProcessStatus(dirs.base(), running, stale);
    }

    private StartOutcome start(ProcessName name, List<String> jvmOptions, List<String> runtimeArguments) throws NodeOperationException {
        NodeDirectories dirs = directories();
        List<String> arguments = new ArrayList<>(List.of(dirs.base(), name.value(), runtime.javaCommand(),
                limit(name, runtime.maxRamMb()), limit(name, runtime.maxCpuPercent()),
                limit(name, runtime.maxDiskIoKbps()), limit(name, runtime.maxNetIoKbps()),
                systemdWanted() ? "auto" : "off"));
        arguments.addAll(jvmOptions);
        arguments.add("-jar");
        arguments.add(dirs.runtimeJar());
        arguments.addAll(runtimeArguments);
        arguments.add("--jobs-dir");
        arguments.add(dirs.jobs());
        CommandResult result = shell.run(RemoteCommand.script(START, arguments.toArray(String[]::new)), NodeDirectories.QUICK);
        check(result, NodeStep.START, "start " + name);
        String stale = valueAfter(result.stdout(), "pampa-stale");
        String running = valueAfter(result.stdout(), "pampa-running");
        if (running != null) {
            return new StartOutcome(name, false, Long.parseLong(running), stale, null);
        }
        String started = valueAfter(result.stdout(), "pampa-started");
        if (started == null) {
            throw new NodeOperationException(new NodeProblem(NodeStep.START, "the node did not confirm that " + name + " started",
                    "check " + dirs.logs() + "/" + name + ".log and " + name + ".out on " + shell.describe()));
        }
        return new StartOutcome(name, true, Long.parseLong(started), stale, valueAfter(result.stdout(), "pampa-launcher"),
                limitsNotHeld(name, result.stdout()));
    }

    /** Only workers run a job's code, so only they are held to the node's limits. */
    private static String limit(ProcessName name, Number value) {
        return !name.worker() || value == null ? "" : value.toString();
    }

    /** The start script's "pampa-unenforced LIMIT WHY" and "pampa-heap-only max_ram WHY" lines, said plainly. */
    static List<String> limitsNotHeld(ProcessName name, String output) {
        String node = name.value().substring(0, Math.max(0, name.value().lastIndexOf('.')));
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] parts = line.strip().split(" ", 3);
            if (parts.length == 3 && parts[0].equals("pampa-unenforced")) {
                lines.add(parts[1] + " not enforced on " + node + ": " + parts[2]);
            } else if (parts.length == 3 && parts[0].equals("pampa-heap-only")) {
                lines.add(parts[1] + " held only as the Java heap limit (-Xmx) on " + node + ", not for the whole process: " + parts[2]);
            }
        }
        return lines;
    }

    private StopOutcome stop(ProcessName name, Duration grace) throws NodeOperationException {
        NodeDirectories dirs = directories();
        long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
        CommandResult result = shell.run(RemoteCommand.script(STOP, dirs.base(), name.value(), Long.toString(seconds)),
                grace.plus(NodeDirectories.QUICK));
        check(result, NodeStep.STOP, "stop " + name);
        String out = result.stdout();
        String pid;
        if ((pid = valueAfter(out, "pampa-terminated")) != null) {
            return new StopOutcome(name, StopOutcome.How.TERMINATED, Long.parseLong(pid));
        }
        if ((pid = valueAfter(out, "pampa-killed")) != null) {
            return new StopOutcome(name, StopOutcome.How.KILLED, Long.parseLong(pid));
        }
        String stale = valueAfter(out, "pampa-stale");
        if (stale != null || out.contains("pampa-not-running")) {
            return new StopOutcome(name, StopOutcome.How.NOT_RUNNING, stale == null || stale.equals("-") ? null : parseOrNull(stale));
        }
        throw new NodeOperationException(new NodeProblem(NodeStep.STOP, "the node did not say how " + name + " stopped",
                "run status to see whether it still runs"));
    }

    /**
     * False when the operator turned systemd off with {@code PAMPA_SYSTEMD=off} (or the system property
     * {@code pampa.systemd=off}): for a node whose user systemd instance works but should not own
     * Pampa's processes. The same variable set on the node, e.g. in its shell's environment, does too.
     */
    static boolean systemdWanted() {
        String setting = System.getProperty("pampa.systemd", System.getenv("PAMPA_SYSTEMD"));
        return !"off".equalsIgnoreCase(setting == null ? "" : setting.strip());
    }

    private NodeDirectories directories() throws NodeOperationException {
        if (directories == null) {
            directories = NodeDirectories.prepare(shell, runtime.baseDirectory());
        }
        return directories;
    }

    private void check(CommandResult result, NodeStep step, String what) throws NodeOperationException {
        if (!result.succeeded()) {
            String fix = Integer.valueOf(5).equals(result.exitStatus()) ? "deploy to the node first"
                    : Integer.valueOf(127).equals(result.exitStatus()) ? "install Java 17+ on the node or set the node's Java command"
                    : "check the base directory on the node and the process's log";
            throw new NodeOperationException(new NodeProblem(step, "could not " + what + " on " + shell.describe() + ": "
                    + NodeDirectories.orStatus(result), fix));
        }
    }

    private static String valueAfter(String output, String marker) {
        for (String line : output.split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith(marker + " ")) {
                return stripped.substring(marker.length() + 1).strip();
            }
        }
        return null;
    }

    private static Long parseOrNull(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
