package dev.pampa.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/**
 * Sends what the process writes to {@code System.out} and {@code System.err} (a processor's
 * {@code println}, an uncaught exception's trace) into the log, one log line per line, so that it is
 * rotated and summarised with the rest rather than growing the JVM's own output file without bound.
 */
public final class StandardStreams {
    private static final int MAX_LINE = 8_192;

    private StandardStreams() {
    }

    public static void sendToLog(ILoggerFactory loggers) {
        System.setOut(new PrintStream(new LineLogger(loggers.getLogger("stdout"), false), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new LineLogger(loggers.getLogger("stderr"), true), true, StandardCharsets.UTF_8));
    }

    private static final class LineLogger extends OutputStream {
        private final Logger logger;
        private final boolean warn;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineLogger(Logger logger, boolean warn) {
            this.logger = logger;
            this.warn = warn;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            // a line is logged when it ends; println flushes after its newline, so nothing waits here
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (warn) {
                logger.warn(text);
            } else {
                logger.info(text);
            }
        }
    }
}
