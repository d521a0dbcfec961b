package io.fw443.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * Real kernel traffic, decoded twice: by the parser and by tshark. Two namespaces joined by a veth pair
 * (RFC 5737 / RFC 3849 addresses) exchange HTTPS over IPv4 and IPv6 (curl to openssl s_server), a connect to a
 * closed port (kernel RST) and UDP to a closed port (kernel ICMP / ICMPv6 errors), plus ARP, ND and MLD. The
 * capture is read with pcap4j; every frame's parsed fields must equal tshark's, and our checksum verdict must
 * equal tshark's wherever tshark can verify. Then our rewrites and replies are written to a second capture and
 * tshark must find their checksums good.
 */
class KernelCaptureTest {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    private static final String[] FIELDS = {
        "frame.number", "eth.type", "ip.src", "ip.dst", "ip.ttl", "ip.proto", "ip.id", "ip.flags.mf",
        "ip.checksum.status", "ipv6.src", "ipv6.dst", "ipv6.hlim", "tcp.srcport", "tcp.dstport", "tcp.seq_raw",
        "tcp.ack_raw", "tcp.flags", "tcp.window_size_value", "tcp.hdr_len", "tcp.len", "tcp.options.mss_val",
        "tcp.options.wscale.shift", "tcp.option_kind", "tcp.options.timestamp.tsval",
        "tcp.options.timestamp.tsecr", "tcp.checksum.status", "udp.srcport", "udp.dstport", "udp.length",
        "udp.checksum.status", "icmp.type", "icmp.code", "icmp.checksum.status", "icmpv6.type", "icmpv6.code",
        "icmpv6.checksum.status", "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4"};

    private final String suffix = String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    private final String nsA = "fw443t-pkt-" + suffix + "-a";
    private final String nsB = "fw443t-pkt-" + suffix + "-b";
    private final String ifA = "fw443t" + suffix + "a";
    private final String ifB = "fw443t" + suffix + "b";
    private final FrameParser parser = new FrameParser(new ParseCounters());
    private final PacketDescriptor d = new PacketDescriptor();

    @Test
    void parserAgreesWithTsharkOnKernelTraffic(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "needs iproute2");
        final Path capture = dir.resolve("kernel.pcap");
        capture(dir, capture);
        final List<byte[]> frames = readFrames(capture);
        final List<Map<String, String>> tshark = tshark(capture);
        assertEquals(tshark.size(), frames.size());

        final Coverage coverage = new Coverage();
        for (int i = 0; i < frames.size(); i++) {
            compare(frames.get(i), tshark.get(i), coverage);
        }
        coverage.assertComplete();
        checkOurOutputWithTshark(frames, dir.resolve("ours.pcap"));
    }

    private void capture(Path dir, Path capture) throws Exception {
        final List<Process> started = new ArrayList<>();
        try {
            run("ip", "netns", "add", nsA);
            run("ip", "netns", "add", nsB);
            run("ip", "link", "add", ifA, "netns", nsA, "type", "veth", "peer", "name", ifB, "netns", nsB);
            run("ip", "-n", nsA, "addr", "add", "192.0.2.1/24", "dev", ifA);
            run("ip", "-n", nsB, "addr", "add", "192.0.2.2/24", "dev", ifB);
            run("ip", "-n", nsA, "-6", "addr", "add", "2001:db8::1/64", "dev", ifA, "nodad");
            run("ip", "-n", nsB, "-6", "addr", "add", "2001:db8::2/64", "dev", ifB, "nodad");
            run("ip", "-n", nsA, "link", "set", ifA, "up");
            run("ip", "-n", nsB, "link", "set", ifB, "up");
            run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                    "-subj", "/CN=fw443-test", "-days", "1");

            final Path tcpdumpLog = dir.resolve("tcpdump.log");
            started.add(new ProcessBuilder("ip", "netns", "exec", nsB, "tcpdump", "-i", ifB, "-U", "-w",
                    capture.toString()).redirectErrorStream(true).redirectOutput(tcpdumpLog.toFile()).start());
            awaitFileContains(tcpdumpLog, "listening on");
            final Path serverLog = dir.resolve("server.log");
            started.add(new ProcessBuilder("ip", "netns", "exec", nsB, "openssl", "s_server", "-accept", "443",
                    "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(), "-www")
                    .redirectErrorStream(true).redirectOutput(serverLog.toFile()).start());
            awaitFileContains(serverLog, "ACCEPT");

            for (String url : List.of("https://192.0.2.2/", "https://[2001:db8::2]/")) {
                run("ip", "netns", "exec", nsA, "curl", "-sk", "--max-time", "10", "-o", "/dev/null", url);
            }
            runIgnoringExit("ip", "netns", "exec", nsA, "bash", "-c", "exec 3<>/dev/tcp/192.0.2.2/444");
            run("ip", "netns", "exec", nsA, "bash", "-c", "echo hi > /dev/udp/192.0.2.2/9");
            run("ip", "netns", "exec", nsA, "bash", "-c", "echo hi > /dev/udp/2001:db8::2/9");
            // The ICMPv6 error for the last datagram is the last frame we expect; wait until tcpdump wrote it.
            Awaitility.await().atMost(STEP_TIMEOUT).until(() -> containsIcmpv6Error(capture));
        } finally {
            for (Process p : started) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            runIgnoringExit("ip", "netns", "del", nsA);
            runIgnoringExit("ip", "netns", "del", nsB);
        }
    }

    private boolean containsIcmpv6Error(Path capture) throws Exception {
        if (!Files.exists(capture) || Files.size(capture) <= 24) {
            return false;
        }
        for (byte[] f : readFrames(capture)) {
            if (parser.parse(f, 0, f.length, d) == ParseResult.OK && d.family() == 6
                    && d.icmpType() == Icmpv6Flyweight.TYPE_DESTINATION_UNREACHABLE) {
                return true;
            }
        }
        return false;
    }

    private void compare(byte[] frame, Map<String, String> t, Coverage coverage) throws Exception {
        final String where = "frame " + t.get("frame.number") + " " + t;
        final ParseResult result = parser.parse(frame, 0, frame.length, d);
        assertEquals(Integer.decode(first(t, "eth.type")).intValue(), d.etherType(), where);
        if (!t.get("arp.opcode").isEmpty()) {
            assertEquals(ParseResult.NOT_IP, result, where);
            final ArpFlyweight arp = new ArpFlyweight().wrap(frame, d.l3Offset(), frame.length - d.l3Offset());
            assertEquals(Integer.parseInt(t.get("arp.opcode")), arp.operation(), where);
            assertEquals(t.get("arp.src.proto_ipv4"), ipv4(arp.senderIpv4()), where);
            assertEquals(t.get("arp.dst.proto_ipv4"), ipv4(arp.targetIpv4()), where);
            coverage.arp++;
            return;
        }
        assertEquals(ParseResult.OK, result, where);
        if (!t.get("ip.src").isEmpty()) {
            assertEquals(4, d.family(), where);
            assertAddress(first(t, "ip.src"), d.sourceAddressOffset(), where);
            assertAddress(first(t, "ip.dst"), d.destinationAddressOffset(), where);
            assertEquals(Integer.parseInt(first(t, "ip.ttl")), d.ttl(), where);
            assertEquals(Integer.parseInt(first(t, "ip.proto")), d.protocol(), where);
            assertEquals(Long.decode(first(t, "ip.id")).longValue(), d.fragmentId(), where);
            assertEquals("1".equals(first(t, "ip.flags.mf")), d.moreFragments(), where);
            assertEquals("1", first(t, "ip.checksum.status"), where);
        } else {
            assertEquals(6, d.family(), where);
            assertAddress(first(t, "ipv6.src"), d.sourceAddressOffset(), where);
            assertAddress(first(t, "ipv6.dst"), d.destinationAddressOffset(), where);
            assertEquals(Integer.parseInt(first(t, "ipv6.hlim")), d.ttl(), where);
        }
        switch (d.protocol()) {
            case IpProtocols.TCP -> compareTcp(t, where, coverage);
            case IpProtocols.UDP -> {
                assertEquals(Integer.parseInt(first(t, "udp.srcport")), d.sourcePort(), where);
                assertEquals(Integer.parseInt(first(t, "udp.dstport")), d.destinationPort(), where);
                assertEquals(Integer.parseInt(first(t, "udp.length")) - 8, d.payloadLength(), where);
                assertChecksumVerdict(first(t, "udp.checksum.status"), where);
                coverage.udp[d.family() == 4 ? 0 : 1]++;
            }
            case IpProtocols.ICMP -> {
                assertEquals(Integer.parseInt(first(t, "icmp.type")), d.icmpType(), where);
                assertEquals(Integer.parseInt(first(t, "icmp.code")), d.icmpCode(), where);
                assertEquals("1", first(t, "icmp.checksum.status"), where);
                assertTrue(Checksums.isTransportChecksumValid(d), where);
                compareInner(t, "ip", where);
                coverage.icmpError[0] += d.isIcmpError() ? 1 : 0;
            }
            case IpProtocols.ICMPV6 -> {
                assertEquals(Integer.parseInt(first(t, "icmpv6.type")), d.icmpType(), where);
                assertEquals(Integer.parseInt(first(t, "icmpv6.code")), d.icmpCode(), where);
                assertEquals("1", first(t, "icmpv6.checksum.status"), where);
                assertTrue(Checksums.isTransportChecksumValid(d), where);
                if (d.isIcmpError()) {
                    compareInner(t, "ipv6", where);
                    coverage.icmpError[1]++;
                }
                coverage.hopByHop += d.l4Offset() > d.l3Offset() + Ipv6Flyweight.HEADER_LENGTH ? 1 : 0;
                coverage.neighborDiscovery += d.icmpType() == Icmpv6Flyweight.TYPE_NEIGHBOR_SOLICITATION
                        || d.icmpType() == Icmpv6Flyweight.TYPE_NEIGHBOR_ADVERTISEMENT ? 1 : 0;
            }
            default -> throw new AssertionError("unexpected protocol in " + where);
        }
    }

    private void compareTcp(Map<String, String> t, String where, Coverage coverage) {
        assertEquals(Integer.parseInt(first(t, "tcp.srcport")), d.sourcePort(), where);
        assertEquals(Integer.parseInt(first(t, "tcp.dstport")), d.destinationPort(), where);
        assertEquals(Long.parseLong(first(t, "tcp.seq_raw")), d.tcpSequence(), where);
        assertEquals(Long.parseLong(first(t, "tcp.ack_raw")), d.tcpAcknowledgment(), where);
        assertEquals(Integer.decode(first(t, "tcp.flags")) & 0xFF, d.tcpFlags(), where);
        assertEquals(Integer.parseInt(first(t, "tcp.window_size_value")), d.tcpWindow(), where);
        assertEquals(Integer.parseInt(first(t, "tcp.hdr_len")), d.tcpHeaderLength(), where);
        assertEquals(Integer.parseInt(first(t, "tcp.len")), d.payloadLength(), where);
        assertEquals(intOrNone(t, "tcp.options.mss_val"), d.tcpMss(), where);
        assertEquals(intOrNone(t, "tcp.options.wscale.shift"), d.tcpWindowScale(), where);
        assertEquals(List.of(t.get("tcp.option_kind").split(";")).contains("4"), d.tcpSackPermitted(), where);
        assertEquals(!t.get("tcp.options.timestamp.tsval").isEmpty(), d.tcpHasTimestamps(), where);
        if (d.tcpHasTimestamps()) {
            assertEquals(Long.parseLong(first(t, "tcp.options.timestamp.tsval")), d.tcpTsVal(), where);
            assertEquals(Long.parseLong(first(t, "tcp.options.timestamp.tsecr")), d.tcpTsEcr(), where);
        }
        coverage.goodTcpChecksums += assertChecksumVerdict(first(t, "tcp.checksum.status"), where) ? 1 : 0;
        coverage.tcp[d.family() == 4 ? 0 : 1]++;
        coverage.tcpWithOptions += d.tcpMss() > 0 && d.tcpSackPermitted() && d.tcpWindowScale() >= 0 ? 1 : 0;
    }

    /** tshark lists the quoted packet's IP header second and its transport header as the only UDP/TCP one. */
    private void compareInner(Map<String, String> t, String ipPrefix, String where) throws IOException {
        if (!d.isIcmpError()) {
            return;
        }
        assertAddress(t.get(ipPrefix + ".src").split(";")[1], d.innerSourceAddressOffset(), where);
        assertAddress(t.get(ipPrefix + ".dst").split(";")[1], d.innerDestinationAddressOffset(), where);
        if (d.innerProtocol() == IpProtocols.UDP) {
            assertEquals(Integer.parseInt(first(t, "udp.srcport")), d.innerSourcePort(), where);
            assertEquals(Integer.parseInt(first(t, "udp.dstport")), d.innerDestinationPort(), where);
        }
    }

    /** Where tshark could verify (0 bad, 1 good), our verdict must agree; returns whether it was good. */
    private boolean assertChecksumVerdict(String status, String where) {
        if ("0".equals(status) || "1".equals(status)) {
            assertEquals("1".equals(status), Checksums.isTransportChecksumValid(d), "checksum verdict, " + where);
        }
        return "1".equals(status);
    }

    /** Our TTL-decremented copies and our replies, written to a pcap; tshark must find every checksum good. */
    private void checkOurOutputWithTshark(List<byte[]> frames, Path ours) throws Exception {
        final ForwardingRewriter rewriter = new ForwardingRewriter();
        final TcpRstBuilder rst = new TcpRstBuilder();
        final IcmpUnreachableBuilder icmp = new IcmpUnreachableBuilder();
        final List<String> expected = new ArrayList<>();
        final byte[] out = new byte[2048];
        int forwarded = 0;
        int replies = 0;
        try (PcapHandle dead = Pcaps.openDead(DataLinkType.EN10MB, 65_536)) {
            final PcapDumper dumper = dead.dumpOpen(ours.toString());
            for (byte[] original : frames) {
                final byte[] f = original.clone();
                if (parser.parse(f, 0, f.length, d) != ParseResult.OK) {
                    continue;
                }
                final int ttl = d.ttl();
                if (rewriter.decrementTtl(d)) {
                    dumper.dumpRaw(f);
                    expected.add("ttl=" + (ttl - 1));
                    forwarded++;
                }
                final int l2 = EthernetHeaderWriter.reply(d, out, 0);
                int n = d.protocol() == IpProtocols.TCP ? rst.reply(d, out, l2)
                        : icmp.destinationUnreachable(d, d.family() == 4 ? IcmpFlyweight.CODE_ADMIN_PROHIBITED
                        : Icmpv6Flyweight.CODE_ADMIN_PROHIBITED, null, 0, out, l2);
                if (n > 0) {
                    dumper.dumpRaw(Arrays.copyOf(out, l2 + n));
                    expected.add("reply");
                    replies++;
                }
            }
            dumper.close();
        }
        assertTrue(forwarded > 20 && replies > 20, forwarded + " forwarded, " + replies + " replies");
        final List<Map<String, String>> decoded = tshark(ours);
        assertEquals(expected.size(), decoded.size());
        for (int i = 0; i < decoded.size(); i++) {
            final Map<String, String> t = decoded.get(i);
            final String where = expected.get(i) + " " + t;
            if (!t.get("ip.src").isEmpty()) {
                assertEquals("1", first(t, "ip.checksum.status"), where);
            }
            if (expected.get(i).startsWith("ttl=")) {
                final String ttl = t.get("ip.src").isEmpty() ? first(t, "ipv6.hlim") : first(t, "ip.ttl");
                assertEquals(expected.get(i), "ttl=" + ttl, where);
                continue;
            }
            final String status;
            if (!t.get("icmp.type").isEmpty()) {
                status = first(t, "icmp.checksum.status");
            } else if (!t.get("icmpv6.type").isEmpty()) {
                status = first(t, "icmpv6.checksum.status");
            } else {
                status = first(t, "tcp.checksum.status");
            }
            assertEquals("1", status, "reply checksum, " + where);
        }
    }

    private static List<byte[]> readFrames(Path capture) throws Exception {
        final List<byte[]> frames = new ArrayList<>();
        try (PcapHandle handle = Pcaps.openOffline(capture.toString())) {
            for (byte[] raw = handle.getNextRawPacket(); raw != null; raw = handle.getNextRawPacket()) {
                frames.add(raw);
            }
        }
        return frames;
    }

    private static List<Map<String, String>> tshark(Path capture) throws Exception {
        final List<String> command = new ArrayList<>(List.of("tshark", "-r", capture.toString(),
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=;"));
        for (String field : FIELDS) {
            command.add("-e");
            command.add(field);
        }
        final List<Map<String, String>> rows = new ArrayList<>();
        for (String line : run(command.toArray(new String[0])).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            final String[] values = line.split("\t", -1);
            final Map<String, String> row = new HashMap<>();
            for (int i = 0; i < FIELDS.length; i++) {
                row.put(FIELDS[i], i < values.length ? values[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private static String first(Map<String, String> t, String field) {
        return t.get(field).split(";")[0];
    }

    private static int intOrNone(Map<String, String> t, String field) {
        return t.get(field).isEmpty() ? PacketDescriptor.NONE : Integer.parseInt(first(t, field));
    }

    private void assertAddress(String literal, int offset, String where) throws IOException {
        final byte[] expected = InetAddress.getByName(literal).getAddress();
        assertEquals(Hex.string(expected, 0, expected.length), Hex.string(d.buffer(), offset, expected.length), where);
    }

    private static String ipv4(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    private static void awaitFileContains(Path file, String text) {
        Awaitility.await().atMost(STEP_TIMEOUT).until(() -> Files.exists(file)
                && Files.readString(file, StandardCharsets.UTF_8).contains(text));
    }

    private static String run(String... command) throws Exception {
        final Result r = execute(command);
        assertEquals(0, r.exitCode, String.join(" ", command) + ": " + r.output);
        return r.output;
    }

    private static void runIgnoringExit(String... command) throws Exception {
        execute(command);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result execute(String... command) throws Exception {
        final Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** What the capture must have contained for the comparison to mean something. */
    private static final class Coverage {
        int arp;
        final int[] tcp = new int[2];
        final int[] udp = new int[2];
        final int[] icmpError = new int[2];
        int tcpWithOptions;
        int goodTcpChecksums;
        int hopByHop;
        int neighborDiscovery;

        void assertComplete() {
            final String state = "arp=" + arp + " tcp=" + tcp[0] + "/" + tcp[1] + " udp=" + udp[0] + "/" + udp[1]
                    + " icmpErrors=" + icmpError[0] + "/" + icmpError[1] + " tcpWithOptions=" + tcpWithOptions
                    + " goodTcpChecksums=" + goodTcpChecksums + " hopByHop=" + hopByHop + " nd=" + neighborDiscovery;
            assertTrue(arp > 0 && tcp[0] > 5 && tcp[1] > 5 && udp[0] > 0 && udp[1] > 0 && icmpError[0] > 0
                    && icmpError[1] > 0 && tcpWithOptions >= 4 && goodTcpChecksums > 0 && neighborDiscovery > 0
                    && hopByHop > 0, state);
        }
    }
}
