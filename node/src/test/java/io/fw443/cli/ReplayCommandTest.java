package io.fw443.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code fw443 replay} on the JA4 reference corpus (expected SNI and JA4 from the reference tool's JSON, QUIC SNIs
 * as tshark shows them) and on files that are not captures.
 */
class ReplayCommandTest {
    private static final Path CORPUS = Path.of(System.getProperty("fw443.shared.dir", "../../shared"), "testdata",
            "ja4");

    @TempDir
    Path tmp;

    private static Path corpus(String file) {
        Path p = CORPUS.resolve(file);
        assumeTrue(Files.isRegularFile(p), "JA4 corpus not present at " + CORPUS);
        return p;
    }

    private static List<String> lines(String out) {
        return Arrays.asList(out.split("\\R"));
    }

    /** Expected values: the reference tool's JSON beside each capture ({@code domain}, {@code JA4.1}). */
    @ParameterizedTest
    @CsvSource({
        "tls-alpn-h2.pcap, tcp [2001:4998:ef83:14:8000:0:0:100d]:64034 -> [2606:4700:0:0:0:0:6811:d209]:443,"
            + " www.cloudflare.com, t12d4605h2_85626a9a5f7f_aaf95bb78ec9",
        "ipv6.pcapng, tcp [2001:4998:ef83:14:8000:0:0:100d]:64034 -> [2606:4700:0:0:0:0:6811:d209]:443,"
            + " www.cloudflare.com, t12d4605h2_85626a9a5f7f_aaf95bb78ec9",
        "badcurveball.pcap, tcp 172.130.128.76:55318 -> 54.226.182.138:443, bad.curveballtest.com,"
            + " t13d1615h2_46e7e9700bed_45f260be83e2"})
    void aTcpFlowLineCarriesTheReferenceSniAndJa4(String capture, String flow, String sni, String ja4) {
        CliRunner r = CliRunner.run("replay", corpus(capture).toString());
        assertEquals(0, r.exitCode(), r.err());
        String line = lines(r.out()).stream().filter(l -> l.startsWith(flow + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + flow + " in\n" + r.out()));
        assertTrue(line.contains(" FORWARD FORWARD_NEW "), line);
        assertTrue(line.contains(" sni=" + sni + " "), line);
        assertTrue(line.contains(" ja4=" + ja4 + " "), line);
        assertTrue(line.contains(" alpn=h2,http/1.1 "), line);
        assertTrue(lines(r.out()).get(lines(r.out()).size() - 1).startsWith("summary: "), r.out());
    }

    /** QUIC Initials of a browser, captured with checksum offload; SNIs as tshark decodes them. */
    @Test
    void quicInitialsInARealCaptureYieldTheirSni() {
        CliRunner r = CliRunner.run("replay", "--fix-checksums", corpus("tls-sni.pcapng").toString());
        assertEquals(0, r.exitCode(), r.err());
        String line = lines(r.out()).stream()
                .filter(l -> l.startsWith("udp 192.168.1.168:59102 -> 142.251.163.147:443 ")).findFirst()
                .orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(line.contains(" sni=www.google.com "), line);
        assertTrue(line.contains(" alpn=h3 tls=1.3 "), line);
        assertTrue(line.matches(".* ja4=q13d\\d{4}h3_[0-9a-f]{12}_[0-9a-f]{12} .*"), line);
        assertTrue(r.out().contains("sni=www.facebook.com "), r.out());
    }

    @Test
    void withoutFixingOffloadedChecksumsTheFramesAreMalformedAndTheUserIsTold() {
        CliRunner r = CliRunner.run("replay", corpus("tls-sni.pcapng").toString());
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("DROP_MALFORMED="), r.out());
        assertTrue(r.err().contains("--fix-checksums"), r.err());
    }

    @Test
    void aConfigDenyingTheSniRejectsTheFlow() throws Exception {
        // The lab config (with the files it names), the capture's server as a web server, and a wildcard deny.
        Path lab = Path.of("..", "config");
        try (var files = Files.walk(lab)) {
            for (Path f : files.toList()) {
                Files.copy(f, tmp.resolve(lab.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path config = tmp.resolve("fw-a.yaml");
        String text = Files.readString(config);
        assertTrue(text.contains("sni-deny: [blocked.example.test]") && text.contains("web-servers: [198.51.100.0/24]"),
                "the lab config changed: adapt this test");
        Files.writeString(config, text
                .replace("web-servers: [198.51.100.0/24]", "web-servers: [198.51.100.0/24, 54.226.182.138/32]")
                .replace("sni-deny: [blocked.example.test]", "sni-deny: [blocked.example.test, \"*.curveballtest.com\"]"));
        CliRunner r = CliRunner.run("replay", "--json", "--config", config.toString(),
                corpus("badcurveball.pcap").toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode flow = doc.get("flows").get(0);
        assertEquals("bad.curveballtest.com", flow.get("sni").asText());
        assertEquals("REJECT", flow.get("verdict").asText());
        assertEquals("REJECT_TLS_POLICY", flow.get("reason").asText());
        assertTrue(doc.get("summary").get("packetsByReason").get("DROP_DENIED_FLOW").asLong() > 0, r.out());
    }

    @Test
    void aFileThatIsNotACaptureIsOneLineAndExitOne() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.pcap"), "not a capture\n");
        CliRunner r = CliRunner.run("replay", text.toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("replay: " + text + ": not a pcap or pcapng capture"), r.err());
    }

    @Test
    void aMissingFileIsOneLineAndExitOne() {
        CliRunner r = CliRunner.run("replay", tmp.resolve("absent.pcap").toString());
        assertEquals(1, r.exitCode());
        assertEquals("replay: " + tmp.resolve("absent.pcap") + ": cannot read the file", r.err().strip());
    }
}
