package dev.pampa.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pampa.api.Task;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SlowNumbersTest {
    @Test
    void slowKeysTakeLongerThanTheJobAllows() {
        Duration limit = Duration.ofMinutes(SampleJobs.SLOW_NUMBERS.spec().maxJobDurationMinutes());
        assertThat(SlowNumbers.SLOW_SLEEP).isGreaterThan(limit);
        assertThat(SlowNumbers.sleepMillis(40)).isEqualTo(75_000);
        assertThat(LongStream.rangeClosed(1, 200).filter(SlowNumbers::isSlow)).containsExactly(40L, 80L, 120L, 160L, 200L);
        assertThat(LongStream.rangeClosed(1, 200).filter(k -> !SlowNumbers.isSlow(k)).map(SlowNumbers::sleepMillis)).allMatch(ms -> ms >= 2 && ms <= 6);
    }

    @Test
    void aFastKeyStagesHowLongItSlept() throws Exception {
        Task task = new Task(3L, 1, Map.of("value", 3L));
        new SlowNumbers().process(task, new TestTaskContext("slow_numbers", null));
        assertThat((Integer) task.staged().get("slept_ms")).isBetween(5, 1_000);
    }

    @Test
    void aSlowKeyGivesUpSoonAfterTheWorkerIsAskedToStop() throws Exception {
        TestTaskContext ctx = new TestTaskContext("slow_numbers", null);
        Task task = new Task(40L, 1, Map.of("value", 40L));
        long start = System.nanoTime();
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                new SlowNumbers().process(task, ctx);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        ctx.stopping.set(true);

        assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().hasMessageStartingWith("key 40 gave up after ").hasMessageEndingWith(" of 75000 ms: the worker is stopping");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(task.staged()).isEmpty();
    }

    @Test
    void aSlowKeyAnswersInterruption() throws Exception {
        Task task = new Task(80L, 1, Map.of("value", 80L));
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                new SlowNumbers().process(task, new TestTaskContext("slow_numbers", null));
            } catch (Exception e) {
                thrown[0] = e;
            }
        });
        t.start();
        Thread.sleep(300);
        t.interrupt();
        t.join(5_000);

        assertThat(t.isAlive()).isFalse();
        assertThat(thrown[0]).isInstanceOf(InterruptedException.class);
        assertThat(task.staged()).isEmpty();
    }
}
