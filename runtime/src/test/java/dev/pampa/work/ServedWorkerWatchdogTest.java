package dev.pampa.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.agent.ChannelStreams;
import dev.pampa.agent.Frames;
import dev.pampa.agent.Message;
import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served worker runs its processors on its own work thread, watched by its ping thread (ADR 0005,
 * 0006). A real worker, in this JVM, on a real Unix socket whose other end this test plays: the
 * agent's side of the protocol, with limits in milliseconds (the protocol's unit), so that a timeout
 * takes a second rather than max_job_duration_minutes' one-minute minimum.
 */
class ServedWorkerWatchdogTest {
    private static final String JOB = "watched";

    @TempDir
    Path dir;
    private ServerSocketChannel server;
    private SocketChannel agentSide;
    private OutputStream out;
    private final LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final StopSignal stop = new StopSignal();
    private AgentModeWorker worker;
    private CompletableFuture<AgentModeWorker.Ending> ending;

    /** Keys say what the processor does: sleep (until interrupted), ignore (every interruption), self (interrupts itself), anything else: done. */
    public static final class WatchdogSubject implements TaskProcessor {
        static volatile boolean release;

        @Override
        public void process(Task task, TaskContext ctx) throws Exception {
            switch (String.valueOf(task.key())) {
                case "sleep" -> Thread.sleep(60_000);
                case "ignore" -> {
                    while (!release) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException swallowed) {
                            // what a badly written processor does
                        }
                    }
                }
                case "self" -> Thread.currentThread().interrupt();
                default -> task.set("result", "ran on " + Thread.currentThread().getName());
            }
        }
    }

    @BeforeEach
    void connect() throws Exception {
        WatchdogSubject.release = false;
        Path socket = dir.resolve("agent.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        worker = new AgentModeWorker("n1.1", socket, JobsPath.of(jobs), stop, () -> {
            throw new IllegalStateException("this test's processors ask for no database");
        });
        ending = CompletableFuture.supplyAsync(() -> {
            try {
                return worker.run();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        agentSide = server.accept();
        out = new BufferedOutputStream(ChannelStreams.out(agentSide));
        InputStream in = new BufferedInputStream(ChannelStreams.in(agentSide));
        Thread reader = new Thread(() -> {
            try {
                for (Message m = Frames.read(in); m != null; m = Frames.read(in)) {
                    received.add(m);
                }
            } catch (IOException closed) {
                // the worker ended
            }
        }, "test-agent-reader");
        reader.setDaemon(true);
        reader.start();
        assertThat(next(Message.Hello.class).worker()).isEqualTo("n1.1");
        send(new Message.Welcome(null));
    }

    @AfterEach
    void close() throws IOException {
        WatchdogSubject.release = true;
        stop.request();
        agentSide.close();
        server.close();
    }

    @Test
    void aTryPastItsLimitIsInterruptedAndFailedAsTimedOutAndTheNextTasksRunOnTheSameThread() throws Exception {
        send(new Message.JobInfo(JOB, WatchdogSubject.class.getName(), 1_000, 3));
        Message.Outcome timedOut = run("sleep");
        assertThat(timedOut.kind()).isEqualTo(Message.Kind.FAILED);
        assertThat(timedOut.timedOut()).isTrue();
        assertThat(timedOut.error()).contains("timed out", "was interrupted").doesNotContain("ignored");
        assertThat(timedOut.nanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(1_000), TimeUnit.MILLISECONDS.toNanos(5_000));

        // neither the watchdog's interrupt nor one a processor leaves on itself ends the worker's wait for work
        assertThat(run("self").kind()).isEqualTo(Message.Kind.DONE);
        Message.Outcome plain = run("plain");
        assertThat(plain.kind()).isEqualTo(Message.Kind.DONE);
        assertThat(plain.staged()).containsEntry("result", "ran on processor");
        assertThat(ending).isNotDone();
    }

    @Test
    void aProcessorIgnoringTheInterruptionIsAnsweredForTheRestHandedBackAndTheWorkerEndsToBeRestarted() throws Exception {
        send(new Message.JobInfo(JOB, WatchdogSubject.class.getName(), 1_000, 3));
        send(tasks("ignore"));
        send(tasks("behind"));
        List<Message.Outcome> outcomes = new ArrayList<>(List.of(next(Message.Outcome.class), next(Message.Outcome.class)));
        Message.Outcome ignored = outcomes.stream().filter(o -> o.key().equals("ignore")).findFirst().orElseThrow();
        Message.Outcome behind = outcomes.stream().filter(o -> o.key().equals("behind")).findFirst().orElseThrow();
        assertThat(ignored.kind()).isEqualTo(Message.Kind.FAILED);
        assertThat(ignored.timedOut()).isTrue();
        assertThat(ignored.error()).contains("timed out", "which it ignored");
        assertThat(behind.kind()).as("never begun, so uncounted").isEqualTo(Message.Kind.HANDED_BACK);
        assertThat(next(Message.Bye.class).restart()).contains("ignored interruption", "cannot be stopped");
        send(new Message.ByeAck(0));
        assertThat(ending.get(10, TimeUnit.SECONDS)).isEqualTo(AgentModeWorker.Ending.RESTART_WANTED);
    }

    @Test
    void aRevokeAbandonsTheTryInHandUncountedAndTheWorkerGoesOn() throws Exception {
        revokeWhileRunning("sleep");
        assertThat(run("plain").kind()).isEqualTo(Message.Kind.DONE);
    }

    @Test
    void aRevokeTheProcessorIgnoresHandsItsTryBackAfterTheStopWaitAndEndsTheWorker() throws Exception {
        Message.Outcome abandoned = revokeWhileRunning("ignore");
        assertThat(abandoned.nanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(ProcessorRunner.STOP_WAIT_MILLIS));
        assertThat(next(Message.Bye.class).restart()).contains("revoke", "cannot be stopped");
        send(new Message.ByeAck(0));
        assertThat(ending.get(10, TimeUnit.SECONDS)).isEqualTo(AgentModeWorker.Ending.RESTART_WANTED);
    }

    /** Sends the task with a limit far off, revokes while it runs, and returns its outcome: handed back, uncounted. */
    private Message.Outcome revokeWhileRunning(String key) throws Exception {
        send(new Message.JobInfo(JOB, WatchdogSubject.class.getName(), 600_000, 3));
        send(tasks(key));
        Thread.sleep(300);
        send(new Message.Revoke("the agent lost the database"));
        Message.Outcome abandoned = next(Message.Outcome.class);
        assertThat(abandoned.key()).isEqualTo(key);
        assertThat(abandoned.kind()).isEqualTo(Message.Kind.HANDED_BACK);
        assertThat(abandoned.error()).isEqualTo("abandoned: the agent lost the database");
        return abandoned;
    }

    private Message.Outcome run(String key) throws Exception {
        send(tasks(key));
        Message.Outcome o = next(Message.Outcome.class);
        assertThat(o.key()).isEqualTo(key);
        return o;
    }

    private static Message.Tasks tasks(String key) {
        return new Message.Tasks(JOB, List.of(new Message.TaskItem(key, 1, Map.of("id", key))));
    }

    private void send(Message m) throws IOException {
        Frames.write(out, m);
        out.flush();
    }

    /** The next frame of that type from the worker, pings skipped; fails after 20 s. */
    private <T extends Message> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Message m = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(m).as("a %s from the worker within 20 s", type.getSimpleName()).isNotNull();
            if (type.isInstance(m)) {
                return type.cast(m);
            }
            assertThat(m).as("frames before the %s", type.getSimpleName()).isInstanceOf(Message.Ping.class);
        }
    }
}
