package io.fw443.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Writes each event as one JSON object on one line; key-value pairs given to SLF4J's fluent API become fields. */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"ts\":\"").append(Instant.ofEpochMilli(event.getTimeStamp())).append('"');
        field(sb, "level", event.getLevel().toString());
        field(sb, "logger", event.getLoggerName());
        field(sb, "thread", event.getThreadName());
        field(sb, "msg", event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(kv -> field(sb, kv.key, String.valueOf(kv.value)));
        }
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            field(sb, "error", ThrowableProxyUtil.asString(error));
        }
        sb.append("}\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    private static void field(StringBuilder sb, String name, String value) {
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        sb.append(",\"");
        enc.quoteAsString(name, sb);
        sb.append("\":\"");
        enc.quoteAsString(value == null ? "" : value, sb);
        sb.append('"');
    }
}
