package io.fw443.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Arbitrary text into the loader and the address parsers. The only acceptable outcome is a result:
 * no exception, no "internal error" problem, positions inside the text, and a config exactly when
 * there are no problems. Addresses that parse must print as text that parses back to the same value.
 * Seeds live in {@code ConfigFuzzTestInputs/<method>/}.
 */
class ConfigFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parseNeverThrows(byte[] data) {
        String yaml = new String(data, StandardCharsets.UTF_8);
        ConfigResult result = ConfigLoader.parse(yaml, "f.yaml", ExampleConfigsTest.CONFIG_DIR, Path.of("/nonexistent"));
        assertNotNull(result);
        assertEquals(result.ok(), result.problems().isEmpty());
        int lines = lineCount(yaml);
        for (ConfigProblem problem : result.problems()) {
            assertFalse(problem.message().startsWith(ConfigLoader.INTERNAL_ERROR), problem::toString);
            assertEquals(problem.line() == 0, problem.column() == 0, problem::toString);
            if (problem.file().equals("f.yaml")) {
                assertTrue(problem.line() >= 0 && problem.line() <= lines, problem::toString);
            }
        }
    }

    /** Lines as a YAML reader counts them: CR, LF and CRLF break lines, and so (for snakeyaml) do NEL, LS, PS. */
    private static int lineCount(String text) {
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                continue;
            }
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                lines++;
            }
        }
        return lines;
    }

    @FuzzTest(maxDuration = "20s")
    void addressesRoundTrip(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Parsed<IpAddress> address = IpAddress.parse(text);
        if (address.ok()) {
            assertEquals(address.value(), IpAddress.parse(address.value().toString()).value());
        }
        Parsed<Cidr> cidr = Cidr.parse(text, false);
        if (cidr.ok()) {
            assertEquals(cidr.value(), Cidr.parse(cidr.value().toString(), true).value());
            assertTrue(cidr.value().contains(cidr.value().address()));
            assertTrue(cidr.value().network().isNetwork());
        }
        Parsed<HostPort> hostPort = HostPort.parse(text);
        if (hostPort.ok()) {
            assertEquals(hostPort.value(), HostPort.parse(hostPort.value().toString()).value());
        }
        Parsed<MacAddress> mac = MacAddress.parse(text);
        if (mac.ok()) {
            assertEquals(mac.value(), MacAddress.parse(mac.value().toString()).value());
        }
        Durations.parse(text);
        Durations.parseRate(text);
        TextRules.sniPattern(text);
        TextRules.ja4(text);
    }
}
