package io.fw443.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/** Replaces the root logger's output with one console appender of the chosen format and level. */
public final class LogSetup {
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{24} - %msg%n";

    private LogSetup() {}

    /** Applies format and level to the root logger; safe to call again on reload. Logs go to stderr. */
    public static void configure(LogFormat format, String level) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();

        Encoder<ILoggingEvent> encoder;
        if (format == LogFormat.JSON) {
            encoder = new JsonLineEncoder();
        } else {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setPattern(TEXT_PATTERN);
            encoder = pattern;
        }
        encoder.setContext(ctx);
        encoder.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();

        root.addAppender(console);
        root.setLevel(Level.toLevel(level, Level.INFO));
    }
}
