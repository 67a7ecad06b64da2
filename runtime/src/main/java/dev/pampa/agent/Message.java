package dev.pampa.agent;

import java.util.List;
import java.util.Map;

/**
 * What a node agent and its workers say to each other over the node's Unix domain socket (ADR 0005).
 * A worker says {@link Hello} first and gets {@link Welcome}; from then on the agent sends
 * {@link JobInfo} and {@link Tasks} (already started in the database, try counted), the worker sends
 * an {@link Outcome} per task, a {@link Ping} every second, and {@link Bye} when it stops.
 */
public sealed interface Message {
    /** The protocol version both sides must speak (2: Bye says whether the worker wants to be restarted). */
    int PROTOCOL = 3;

    /** Worker to agent, first: who it is. */
    record Hello(String worker, long pid, String incarnation, int protocol) implements Message {
    }

    /** Agent to worker: accepted (refusal null) or refused, with the cause and the fix. */
    record Welcome(String refusal) implements Message {
    }

    /** Agent to worker: a job's processor class and time limit, before its first tasks and when it changes. */
    record JobInfo(String job, String processor, long limitMillis, int maxTryTimes) implements Message {
    }

    /** Agent to worker: tasks to run, in order; each already started in the database. */
    record Tasks(String job, List<TaskItem> tasks) implements Message {
    }

    /** One started task: its key, the try it is on, and the row as it was when started. */
    record TaskItem(Object key, int tryNumber, Map<String, Object> values) {
    }

    /** How a try ended. */
    enum Kind {
        /** Processed: mark done with the staged columns. */
        DONE,
        /** Threw or timed out: back to pending while tries remain, else dead. */
        FAILED,
        /** Never run (the worker is stopping, or held it too long): give it back, try uncounted. */
        HANDED_BACK
    }

    /** Worker to agent: how one task's try ended. */
    record Outcome(String job, Object key, int tryNumber, Kind kind, Map<String, Object> staged, String error, boolean timedOut, long nanos)
            implements Message {
    }

    /** Worker to agent: the worker cannot run the job (problem given) or can again (problem null). */
    record JobProblem(String job, String problem) implements Message {
    }

    /** Worker to agent, every second: alive, what it runs now, its counts. */
    record Ping(String currentJob, String currentTask, long done, long failed) implements Message {
    }

    /**
     * Worker to agent: stopping; every task it held has an outcome sent before this. {@code restart}
     * null: stopped on request; else why it stops on its own and wants a fresh process (a processor
     * thread it could not stop), which the agent starts when it supervises the node's workers.
     */
    record Bye(String restart) implements Message {
        public Bye() {
            this(null);
        }
    }

    /** Agent to worker: the worker's outcomes are written, its queue given back and its row marked stopped. */
    record ByeAck(int released) implements Message {
    }

    /** Agent to worker: stop (the agent itself is stopping). */
    record Stop(String reason) implements Message {
    }

    /**
     * Agent to worker: the agent has lost the database long enough that the first level will take the
     * node's tasks back; give back every task not begun and abandon the running try, so that no task
     * runs here while another node runs it.
     */
    record Revoke(String reason) implements Message {
    }
}
