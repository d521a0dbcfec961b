package io.fw443.tls;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SNI, JA3, JA3S and the ServerHello's selected version over the reference corpus' captures, against
 * tshark's own fields on the same files: every TCP stream in which tshark sees a ClientHello (and, for
 * the server side, a ServerHello) is compared, both directions fed through the reassembler.
 */
class Ja3CorpusTest {
    private final ClientHelloParser parser = new ClientHelloParser();
    private final ServerHelloParser serverParser = new ServerHelloParser();
    private final ClientHelloInfo info = new ClientHelloInfo();
    private final ServerHelloInfo server = new ServerHelloInfo();
    private final ClientHelloReassembler reassembler = new ClientHelloReassembler();
    private final Ja3 ja3 = new Ja3();

    @ParameterizedTest
    @ValueSource(strings = {"badcurveball.pcap", "https3-301-get.pcap", "ipv6.pcapng", "socks-https-example.pcap",
        "tls-alpn-h2.pcap", "tls-handshake.pcapng", "tls-non-ascii-alpn.pcapng", "tls-sni.pcapng", "tls12.pcap"})
    void ja3AndSniMatchTshark(String capture) throws Exception {
        assumeTrue(Files.isDirectory(Ja4CorpusTest.CORPUS), "JA4 corpus not present");
        assumeTrue(TsharkOracle.available(), "tshark not installed");
        var file = Ja4CorpusTest.CORPUS.resolve(capture);
        List<CaptureReader.TcpSegment> segments = CaptureReader.tcpSegments(file);
        TsharkOracle.Hellos tshark = TsharkOracle.read(file);
        Map<String, TsharkOracle.Client> clients = tshark.clients();
        Map<String, TsharkOracle.Server> servers = tshark.servers();
        List<Executable> checks = new ArrayList<>();
        int clientCount = 0;
        int serverCount = 0;
        for (var e : clients.entrySet()) {
            String key = e.getKey();
            InetAddress ip = InetAddress.getByName(key.substring(0, key.lastIndexOf(':')));
            int port = Integer.parseInt(key.substring(key.lastIndexOf(':') + 1));
            Flights.Direction d = Flights.Direction.from(segments, ip, port);
            assertEquals(TlsParseStatus.COMPLETE,
                    Flights.client(segments, d, Flights.firstRecordSeq(segments, d), reassembler, parser, info), key);
            clientCount++;
            String sni = info.sni();
            String full = ja3.ja3String(info);
            String md5 = ja3.ja3Md5(info);
            TsharkOracle.Client t = e.getValue();
            checks.add(() -> assertEquals(t.sni(), sni, capture + " " + key + " SNI"));
            checks.add(() -> assertEquals(t.ja3Full(), full, capture + " " + key + " JA3 string"));
            checks.add(() -> assertEquals(t.ja3(), md5, capture + " " + key + " JA3"));

            TsharkOracle.Server ts = servers.get(key);
            if (ts != null) {
                Flights.Direction back = d.reverse();
                assertEquals(TlsParseStatus.COMPLETE, Flights.server(segments, back, Flights.firstRecordSeq(segments, back),
                        reassembler, serverParser, server), key + " server");
                serverCount++;
                String sfull = ja3.ja3sString(server);
                String smd5 = ja3.ja3sMd5(server);
                String version = String.format("0x%04x", server.selectedVersion());
                checks.add(() -> assertEquals(ts.ja3sFull(), sfull, capture + " " + key + " JA3S string"));
                checks.add(() -> assertEquals(ts.ja3s(), smd5, capture + " " + key + " JA3S"));
                checks.add(() -> assertEquals(ts.selectedVersion(), version, capture + " " + key + " selected version"));
            }
        }
        System.out.println(capture + ": " + clientCount + " ClientHello(s), " + serverCount + " ServerHello(s) vs tshark");
        assertTrue(clientCount > 0, "tshark saw no ClientHello in " + capture);
        assertAll(checks);
    }
}
