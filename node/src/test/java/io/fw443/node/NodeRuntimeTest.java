package io.fw443.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.cli.Fw443;
import io.fw443.config.LimitsConfig;
import io.fw443.config.Rate;
import io.fw443.policy.SourceLimiter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The parts of the node's wiring that need no network: config-to-settings mapping and the run command's refusals. */
class NodeRuntimeTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}/{1}ms burst {2} -> {3}/s burst {4}")
    @CsvSource({
        "500, 1000, 0, 500, 500",
        "500, 1000, 50, 500, 50",
        // Slower than one a second still limits: rounded up, never to "unlimited" (0).
        "1, 60000, 0, 1, 1",
        "3, 2000, 0, 2, 2",
    })
    void sourceLimitsFollowTheConfiguredRate(long count, long periodMs, long burst, long perSecond, long bucket) {
        SourceLimiter.Settings s = NodeRuntime.limits(new LimitsConfig(7, new Rate(count, Duration.ofMillis(periodMs)),
                burst));
        assertEquals(perSecond, s.newFlowsPerSecond());
        assertEquals(bucket, s.burst());
        assertEquals(7, s.maxFlowsPerSource());
    }

    @Test
    void runRefusesAnInvalidConfigWithItsProblemsAndExitCodeOne() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "node: { id: Not_Valid }\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = Fw443.commandLine();
        cl.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        int exit = cl.execute("run", "--config", config.toString());
        assertEquals(1, exit);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("bad.yaml:1:"), text);
    }

    @Test
    void runNeedsAConfig() {
        assertEquals(2, Fw443.run("run"));
    }
}
