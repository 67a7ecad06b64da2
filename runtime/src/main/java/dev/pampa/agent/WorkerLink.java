package dev.pampa.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's connection to the agent. A reader thread turns frames into events for the agent's
 * loop; a writer thread sends what the loop queues, so that a worker that stops reading (frozen)
 * never blocks the loop. Everything else here is the loop's own state, touched only by its thread.
 */
final class WorkerLink {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLink.class);
    private static final Message CLOSE = new Message.Stop("close");

    final int id;
    private final SocketChannel channel;
    private final LinkedBlockingQueue<Message> outbox = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    // ---- the loop's state ----
    /** Set once Hello was accepted. */
    String worker;
    String incarnation;
    long pid;
    /** Started tasks sent to the worker and not answered yet, in the order sent: job and key. */
    final ArrayDeque<Held> inHand = new ArrayDeque<>();
    final Map<HeldKey, Held> inHandByKey = new HashMap<>();
    private final Map<String, Integer> inHandPerJob = new HashMap<>();
    /** Jobs whose JobInfo the worker has, by job name to the spec's version. */
    final Map<String, Object> announced = new HashMap<>();
    /** Jobs the worker said it cannot run. */
    final Set<String> cannotRun = new HashSet<>();
    boolean leaving;
    /** Why the worker asked to be restarted in its Bye; null when it stops on request. */
    String restart;
    String deathCause;
    long lastHeardNanos = System.nanoTime();
    String currentJob;
    String currentTask;
    long done;
    long failed;
    int refused;

    record HeldKey(String job, Object key) {
    }

    record Held(String job, Object key, int tryNumber) {
        HeldKey id() {
            return new HeldKey(job, key);
        }
    }

    WorkerLink(int id, SocketChannel channel) {
        this.id = id;
        this.channel = channel;
    }

    String label() {
        return worker != null ? "worker " + worker : "connection #" + id;
    }

    void hold(Held h) {
        inHand.addLast(h);
        inHandByKey.put(h.id(), h);
        inHandPerJob.merge(h.job(), 1, Integer::sum);
    }

    /** How many started tasks of the job the worker holds. */
    int inHandOf(String job) {
        return inHandPerJob.getOrDefault(job, 0);
    }

    /** Removes and returns the task if the worker holds it on that try; null when it does not. */
    Held release(String job, Object key, int tryNumber) {
        Held h = inHandByKey.get(new HeldKey(job, key));
        if (h == null || h.tryNumber() != tryNumber) {
            return null;
        }
        inHandByKey.remove(h.id());
        // outcomes come in the order the tasks were sent, so this is nearly always the first
        inHand.removeFirstOccurrence(h);
        inHandPerJob.merge(h.job(), -1, Integer::sum);
        return h;
    }

    /** Starts the reader and writer threads. Events and the end of the connection go to {@code events}. */
    void start(Consumer<AgentEvent> events) {
        Thread reader = new Thread(() -> readLoop(events), "agent-read-" + id);
        reader.setDaemon(true);
        reader.start();
        Thread writer = new Thread(this::writeLoop, "agent-write-" + id);
        writer.setDaemon(true);
        writer.start();
    }

    private void readLoop(Consumer<AgentEvent> events) {
        String cause = "closed the connection";
        try (InputStream in = new BufferedInputStream(ChannelStreams.in(channel), 1 << 16)) {
            while (true) {
                Message m = Frames.read(in);
                if (m == null) {
                    break;
                }
                events.accept(new AgentEvent.Received(this, m));
            }
        } catch (BadFrameException e) {
            cause = "sent a bad frame (" + e.getMessage() + "); the connection was closed";
        } catch (IOException e) {
            // a worker killed with data still unread on its side resets the socket instead of closing
            // it: the same end for the operator, so the same cause
            boolean reset = String.valueOf(e.getMessage()).contains("Connection reset");
            cause = closed ? "was disconnected by the agent" : reset ? "closed the connection" : "lost its connection (" + e.getMessage() + ")";
        } finally {
            close();
            events.accept(new AgentEvent.Closed(this, cause));
        }
    }

    private void writeLoop() {
        OutputStream out = new BufferedOutputStream(ChannelStreams.out(channel), 1 << 16);
        try {
            while (true) {
                Message m = outbox.take();
                if (m == CLOSE) {
                    out.flush();
                    break;
                }
                Frames.write(out, m);
                if (outbox.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the worker is gone (a killed worker's socket fails the next write): its reader sees the end
            // and says how; closing the channel here would make the end look like the agent's decision
            LOG.debug("{}: cannot send ({})", label(), e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    void send(Message m) {
        if (!closed) {
            outbox.add(m);
        }
    }

    /** Sends what is queued, then closes. */
    void sendAndClose(Message last) {
        send(last);
        outbox.add(CLOSE);
    }

    void close() {
        if (!closed) {
            closed = true;
            outbox.add(CLOSE);
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a broken channel has nothing left to release
            }
        }
    }

    boolean isClosed() {
        return closed;
    }
}
