package dev.pampa.agent;

/** What the connections tell the agent's loop. */
sealed interface AgentEvent {
    /** A frame arrived. */
    record Received(WorkerLink link, Message message) implements AgentEvent {
    }

    /** The connection ended: the worker exited, was killed, or sent garbage. */
    record Closed(WorkerLink link, String cause) implements AgentEvent {
    }

    /** The database notified new tasks (or the dispatcher woke this agent). */
    record Woken() implements AgentEvent {
    }

    /** A new connection, not introduced yet. */
    record Connected(WorkerLink link) implements AgentEvent {
    }
}
