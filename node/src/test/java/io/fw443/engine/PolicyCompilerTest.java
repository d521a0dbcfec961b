package io.fw443.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.config.ConfigLoader;
import io.fw443.config.ConfigResult;
import io.fw443.config.NodeConfig;
import io.fw443.policy.SourceLimiter;
import io.fw443.table.HeapFlowTable;
import io.fw443.tls.TestClientHello;
import io.fw443.tls.quic.TestQuicInitials;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The lab's fw-a policy compiled and run through an engine. */
class PolicyCompilerTest {
    private static NodeConfig fwA() {
        ConfigResult r = ConfigLoader.load(Path.of("..", "config", "fw-a.yaml"));
        assertTrue(r.ok(), r.problems().toString());
        return r.config();
    }

    @Test
    void theLabPolicyAdmitsHttpsQuicAndPingAndDropsTheBlocklist() {
        NodeConfig config = fwA();
        PolicyCompiler.Compiled c = PolicyCompiler.compile(config);
        int inside = PolicyCompiler.interfaceIndex(config, "inside");
        int outside = PolicyCompiler.interfaceIndex(config, "outside");
        assertEquals(1, inside);
        assertEquals(2, outside);
        assertEquals(c.zones().zoneId("clients"), c.zones().zoneOfInterface(inside));

        Router router = (family, a, off) -> (a[off] & 0xFF) == 192 ? inside : outside;
        Engine engine = new Engine(EngineSettings.defaults(2, 1000), new HeapFlowTable(1000), c::policy, c.zones(),
                router, new SourceLimiter(SourceLimiter.Settings.of(64, 0, 0, 1)), FlowEvents.NONE);

        byte[] https = TestFrames.tcp("192.0.2.10", 40000, "198.51.100.100", 443).flags(TestFrames.SYN).build();
        engine.process(https, 0, https.length, inside, 0);
        assertEquals(VerdictReason.FORWARD_NEW, engine.reason());
        assertEquals("https-in", c.ruleName(engine.ruleIndex()));

        // quic-in carries "undecryptable: drop": 1200 zero bytes are no Initial, and open no flow.
        byte[] junk = TestFrames.udp("192.0.2.10", 50000, "198.51.100.100", 443).payload(1200).build();
        engine.process(junk, 0, junk.length, inside, 0);
        assertEquals(VerdictReason.DROP_QUIC_UNDECRYPTABLE, engine.reason());
        assertEquals("quic-in", c.ruleName(engine.ruleIndex()));
        byte[] quic = TestFrames.udp("192.0.2.10", 50000, "198.51.100.100", 443).payload(TestQuicInitials
                .clientInitial(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, new TestClientHello().sni("www.example.test")
                        .alpn("h3").message())).build();
        engine.process(quic, 0, quic.length, inside, 0);
        assertEquals(VerdictReason.FORWARD_NEW, engine.reason());
        assertEquals("quic-in", c.ruleName(engine.ruleIndex()));
        byte[] deniedQuic = TestFrames.udp("192.0.2.10", 50001, "198.51.100.100", 443).payload(TestQuicInitials
                .clientInitial(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, new TestClientHello().sni("blocked.example.test")
                        .alpn("h3").message())).build();
        engine.process(deniedQuic, 0, deniedQuic.length, inside, 0);
        assertEquals(VerdictReason.DROP_QUIC_POLICY, engine.reason(), "the rule's sni-deny applies to QUIC");

        byte[] ping6 = TestFrames.echo("192.0.2.10", "198.51.100.100", 8, 1).build();
        engine.process(ping6, 0, ping6.length, inside, 0);
        assertEquals("ping-in", c.ruleName(engine.ruleIndex()));

        // 192.0.2.250 is in config/blocklist.txt.
        byte[] blocked = TestFrames.tcp("192.0.2.250", 40000, "198.51.100.100", 443).flags(TestFrames.SYN).build();
        engine.process(blocked, 0, blocked.length, inside, 0);
        assertEquals(VerdictReason.DROP_POLICY, engine.reason());
        assertEquals("drop-blocklisted", c.ruleName(engine.ruleIndex()));

        byte[] http = TestFrames.tcp("192.0.2.10", 40000, "198.51.100.100", 80).flags(TestFrames.SYN).build();
        engine.process(http, 0, http.length, inside, 0);
        assertEquals(VerdictReason.DROP_POLICY, engine.reason());
        assertEquals("default", c.ruleName(engine.ruleIndex()));
    }
}
