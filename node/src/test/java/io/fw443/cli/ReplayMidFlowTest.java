package io.fw443.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * {@code fw443 replay} on a capture that starts mid-flow: the JA4 corpus's badcurveball.pcap (one TLS 1.2 session,
 * 12 frames, its SYN first) written again without its first {@code n} frames. The flow is reported as one without
 * an opener, apart from the flows the policy refused, and the user is told why it has no TLS facts.
 */
class ReplayMidFlowTest {
    private static final Path CORPUS = Path.of(System.getProperty("fw443.shared.dir", "../../shared"), "testdata",
            "ja4");
    private static final String FLOW = "tcp 172.130.128.76:55318 -> 54.226.182.138:443 ";
    /** The capture's frames: SYN, SYN+ACK, ACK, ClientHello, then the rest of the session. */
    private static final int FRAMES = 12;

    @TempDir
    Path tmp;

    @Test
    void theWholeSessionHasItsOpener() throws Exception {
        JsonNode doc = replayJson(withoutFirst(0));
        JsonNode flow = doc.get("flows").get(0);
        assertTrue(flow.get("openerSeen").asBoolean(), doc.toString());
        assertEquals("FORWARD_NEW", flow.get("reason").asText());
        assertEquals("bad.curveballtest.com", flow.get("sni").asText());
        assertEquals(0, doc.get("summary").get("flowsWithoutOpener").asLong());
        assertEquals(0, doc.get("summary").get("flowsNotForwarded").asLong());
    }

    /** Without the SYN (first frame the SYN+ACK) or without the whole handshake (first frame the ClientHello). */
    @Test
    void aFlowStartedBeforeTheCaptureIsCountedAsWithoutOpenerNotAsRefused() throws Exception {
        for (int cut : new int[] {1, 3}) {
            Path capture = withoutFirst(cut);
            JsonNode doc = replayJson(capture);
            assertEquals(1, doc.get("flows").size(), doc.toString());
            JsonNode flow = doc.get("flows").get(0);
            assertFalse(flow.get("openerSeen").asBoolean(), "cut " + cut + ": " + flow);
            assertEquals("DROP_INVALID", flow.get("reason").asText());
            assertEquals(FRAMES - cut, flow.get("packets").asLong());
            assertTrue(flow.get("sni").isNull(), "not inspected: " + flow);
            JsonNode summary = doc.get("summary");
            assertEquals(1, summary.get("flowsWithoutOpener").asLong());
            assertEquals(0, summary.get("flowsNotForwarded").asLong());
            assertEquals(FRAMES - cut, summary.get("packetsByReason").get("DROP_INVALID").asLong());

            CliRunner text = CliRunner.run("replay", capture.toString());
            assertEquals(0, text.exitCode(), text.err());
            String line = text.out().lines().filter(l -> l.startsWith(FLOW)).findFirst()
                    .orElseThrow(() -> new AssertionError(text.out()));
            assertTrue(line.startsWith(FLOW + "DROP DROP_INVALID ") && line.endsWith(" opener=none"), line);
            assertTrue(text.out().contains(" 0 flows not forwarded, 1 flows without an opener;"), text.out());
            assertTrue(text.err().contains("1 flows started before the capture"), text.err());
        }
    }

    private JsonNode replayJson(Path capture) throws Exception {
        CliRunner r = CliRunner.run("replay", "--json", capture.toString());
        assertEquals(0, r.exitCode(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    /** The corpus capture rewritten without its first {@code n} frames (times and bytes kept). */
    private Path withoutFirst(int n) throws Exception {
        Path source = CORPUS.resolve("badcurveball.pcap");
        assumeTrue(Files.isRegularFile(source), "JA4 corpus not present at " + CORPUS);
        Path out = tmp.resolve("from-frame-" + (n + 1) + ".pcap");
        PcapHandle in = Pcaps.openOffline(source.toString());
        PcapHandle dead = Pcaps.openDead(in.getDlt(), 65_536);
        try {
            PcapDumper dumper = dead.dumpOpen(out.toString());
            try {
                int index = 0;
                for (byte[] raw = in.getNextRawPacket(); raw != null; raw = in.getNextRawPacket()) {
                    if (index++ >= n) {
                        dumper.dumpRaw(raw, in.getTimestamp());
                    }
                }
                assertEquals(FRAMES, index, "frames in the corpus capture");
            } finally {
                dumper.close();
            }
        } finally {
            dead.close();
            in.close();
        }
        return out;
    }
}
