package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Test job: keeps a core busy for the row's {@code work_ms} and writes 1 MiB to a file of the working
 * directory, forced to the disk, so that what the node's agent measures of its worker has something to show.
 */
public final class BusyWriter implements TaskProcessor {
    private static volatile long sink;

    @Override
    public void process(Task task, TaskContext ctx) throws Exception {
        long until = System.nanoTime() + ((Number) task.get("work_ms")).longValue() * 1_000_000L;
        long x = 0;
        while (System.nanoTime() < until) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        sink = x;
        Path file = Files.createTempFile(Path.of(System.getProperty("user.dir")), "busy-writer-", ".bin");
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            while (b.hasRemaining()) {
                c.write(b);
            }
            c.force(true);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
