package io.fw443.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class JsonLineEncoderTest {
    private final LoggerContext ctx = new LoggerContext();
    private final Logger logger = ctx.getLogger("io.fw443.test");

    @Test
    void writesOneParsableObjectPerLineWithEscapedText() throws Exception {
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.WARN, "drop {} \"quoted\"\nsecond line",
                new IllegalStateException("boom"), new Object[] {"192.0.2.7"});
        event.setKeyValuePairs(List.of(new KeyValuePair("reason", "BLOCKLISTED")));
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(ctx);
        encoder.start();

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertTrue(line.endsWith("}\n"), line);
        assertEquals(1, line.split("\n", -1).length - 1, "exactly one line: " + line);

        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("WARN", json.get("level").asText());
        assertEquals("io.fw443.test", json.get("logger").asText());
        assertEquals("drop 192.0.2.7 \"quoted\"\nsecond line", json.get("msg").asText());
        assertEquals("BLOCKLISTED", json.get("reason").asText());
        assertTrue(json.get("error").asText().contains("IllegalStateException: boom"));
        assertTrue(json.get("ts").asText().endsWith("Z"));
    }
}
