package dev.pampa.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import dev.pampa.logging.LogSettings;
import dev.pampa.logging.RepeatSummary;
import dev.pampa.logging.StandardStreams;

/**
 * Logging set up in code rather than from logback.xml: parsing XML loads some 600 classes, a tenth of
 * an idle worker's memory. Without {@code PAMPA_LOG_FILE} logs go to stderr, so that command output on
 * stdout stays machine-readable (status in JSON). With it (the node facade sets it for the processes
 * it starts) they go to that file, rotated by size into {@code FILE.1}…, a bounded number of files
 * ({@link LogSettings}), and the JVM's own stdout and stderr (a processor's {@code println}) are sent
 * there too. Either way, repeated lines are summarised ({@link RepeatSummary}). PAMPA_LOG_LEVEL sets
 * the level (default INFO); {@code -Dlogback.configurationFile} still takes a file of the operator's instead.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogSettings settings;
        try {
            settings = LogSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("pampa: " + e.getMessage() + "; logging to stderr with the defaults");
            settings = new LogSettings(null, LogSettings.DEFAULT_MAX_MB * 1024L * 1024L, LogSettings.DEFAULT_FILES,
                    LogSettings.DEFAULT_SUMMARY_SECONDS);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(settings.file() == null ? "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n"
                : "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n");
        encoder.start();
        Appender<ILoggingEvent> out = settings.file() == null ? stderr(context, encoder) : rollingFile(context, encoder, settings);
        RepeatSummary summary = new RepeatSummary(out, settings.summarySeconds() * 1000L);
        summary.setContext(context);
        summary.setName("SUMMARY");
        summary.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String level = System.getenv("PAMPA_LOG_LEVEL");
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(summary);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.ERROR);
        context.getLogger("org.flywaydb").setLevel(Level.ERROR);
        context.getLogger("org.jooq").setLevel(Level.WARN);
        context.getLogger("org.jooq.Constants").setLevel(Level.OFF);
        if (settings.file() != null) {
            StandardStreams.sendToLog(context);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Appender<ILoggingEvent> stderr(LoggerContext context, PatternLayoutEncoder encoder) {
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        return stderr;
    }

    private static Appender<ILoggingEvent> rollingFile(LoggerContext context, PatternLayoutEncoder encoder, LogSettings settings) {
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(settings.file());
        file.setAppend(true);
        file.setEncoder(encoder);
        FixedWindowRollingPolicy window = new FixedWindowRollingPolicy();
        window.setContext(context);
        window.setParent(file);
        window.setFileNamePattern(settings.file() + ".%i");
        window.setMinIndex(1);
        window.setMaxIndex(Math.max(1, settings.files() - 1));
        window.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
        size.setContext(context);
        size.setMaxFileSize(new FileSize(settings.maxFileBytes()));
        // logback looks at the file's size once a minute by default: a process failing fast could write
        // far past the cap in that time
        size.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(100));
        size.start();
        file.setRollingPolicy(window);
        file.setTriggeringPolicy(size);
        file.start();
        return file;
    }
}
