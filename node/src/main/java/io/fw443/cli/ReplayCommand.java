package io.fw443.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fw443.config.ConfigLoader;
import io.fw443.config.ConfigResult;
import io.fw443.config.InterfaceConfig;
import io.fw443.config.NodeConfig;
import io.fw443.engine.Engine;
import io.fw443.engine.EngineSettings;
import io.fw443.engine.FlowEvents;
import io.fw443.engine.PolicyCompiler;
import io.fw443.engine.TlsSettings;
import io.fw443.engine.Verdict;
import io.fw443.engine.VerdictReason;
import io.fw443.packet.IpProtocols;
import io.fw443.packet.PacketDescriptor;
import io.fw443.policy.Action;
import io.fw443.policy.Policy;
import io.fw443.policy.PortRanges;
import io.fw443.policy.Protocol;
import io.fw443.policy.Rule;
import io.fw443.policy.SourceLimiter;
import io.fw443.policy.ZoneMap;
import io.fw443.table.HeapFlowTable;
import io.fw443.tls.ClientHelloInfo;
import io.fw443.tls.Ja3;
import io.fw443.tls.Ja4;
import io.fw443.tls.TlsConditions;
import java.io.EOFException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fw443 replay CAPTURE [--config FILE] [--json]}: runs a pcap/pcapng capture offline through one engine and
 * prints one line per flow (5-tuple, protocol, verdict and reason, SNI, ALPN, TLS version, JA3, JA4) and a summary.
 *
 * <p>Every frame is taken as arriving on one data interface and routed out of another: with {@code --config}, the
 * config's first and second data interfaces (so its zone rules see every new flow as first zone to second); without,
 * a permissive policy that accepts everything and inspects TCP and UDP 443 without denying. Replies are tracked as
 * usual. A flow whose first packet in the capture is no valid opener (a TCP segment other than a SYN, an ICMP message
 * other than an echo request: the capture started mid-flow) is not tracked, as the node would not track it (no
 * pickup): its line shows DROP_INVALID, no TLS facts and {@code opener=none}, with the lower port taken as the
 * server's, and the summary counts it apart, as a flow without an opener, not among the flows the policy refused.
 * Source limits are off. Link types: Ethernet, BSD loopback, Linux cooked (SLL), raw IP. The engine checks
 * checksums as on the wire; {@code --fix-checksums} recomputes them for captures made with checksum offload.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Run a capture offline through the engine: one line per flow and a summary.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:replayed", "1:unreadable or not a capture, or an invalid config", "2:usage error"})
final class ReplayCommand implements Callable<Integer> {
    private static final int DLT_NULL = 0;
    private static final int DLT_EN10MB = 1;
    private static final int DLT_RAW = 101;
    private static final int DLT_RAW_BSD = 12;
    private static final int DLT_RAW_OPENBSD = 14;
    private static final int DLT_LOOP = 108;
    private static final int DLT_LINUX_SLL = 113;
    private static final int ETHERNET_HEADER = 14;
    /** Captures larger than this get a progress bar on a terminal. */
    private static final long PROGRESS_MIN_BYTES = 32L << 20;
    private static final int PROGRESS_EVERY_PACKETS = 1 << 14;
    private static final int PCAP_RECORD_HEADER_BYTES = 16;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CAPTURE", description = "A pcap or pcapng file.")
    Path capture;

    @Option(names = "--config", paramLabel = "FILE", description = "Node configuration whose policy to apply.")
    Path config;

    @Option(names = "--json", description = "Print one JSON document instead of lines.")
    boolean json;

    @Option(names = "--fix-checksums", description = "Recompute IPv4, TCP and UDP checksums first: for captures"
            + " taken on a sending host with checksum offload, whose outgoing packets carry unfilled checksums.")
    boolean fixChecksums;

    /** What the replay learned of one flow. */
    static final class FlowFacts {
        String protocol;
        String client;
        String server;
        int clientPort;
        int serverPort;
        long packets;
        VerdictReason reason;
        /** Whether the flow's first packet in the capture was a valid opener (else it started before the capture). */
        boolean openerSeen;
        String sni;
        String alpn;
        String tlsVersion;
        String ja3;
        String ja4;

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("protocol", protocol);
            m.put("client", client);
            m.put("clientPort", clientPort);
            m.put("server", server);
            m.put("serverPort", serverPort);
            m.put("packets", packets);
            m.put("verdict", reason.verdict().name());
            m.put("reason", reason.name());
            m.put("openerSeen", openerSeen);
            m.put("sni", sni);
            m.put("alpn", alpn);
            m.put("tlsVersion", tlsVersion);
            m.put("ja3", ja3);
            m.put("ja4", ja4);
            return m;
        }

        String line() {
            String ep = protocol.equals("icmp") ? client + " -> " + server
                    : endpoint(client, clientPort) + " -> " + endpoint(server, serverPort);
            return protocol + " " + ep + " " + reason.verdict() + " " + reason
                    + " sni=" + dash(sni) + " alpn=" + dash(alpn) + " tls=" + dash(tlsVersion)
                    + " ja3=" + dash(ja3) + " ja4=" + dash(ja4) + " packets=" + packets
                    + (openerSeen ? "" : " opener=none");
        }

        private static String endpoint(String address, int port) {
            return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
        }

        private static String dash(String s) {
            return s == null ? "-" : s;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(capture) || !Files.isReadable(capture)) {
            throw new IllegalArgumentException(capture + ": cannot read the file");
        }
        Setup setup = config == null ? Setup.permissive() : Setup.of(config);
        Engine engine = new Engine(EngineSettings.defaults(1, 10_000_000), TlsSettings.defaults(), null,
                new HeapFlowTable(10_000_000), setup::policy, setup.zones, (family, a, off) -> setup.egress,
                new SourceLimiter(SourceLimiter.Settings.of(1 << 20, 0, 0, 1)), FlowEvents.NONE);
        PcapHandle handle;
        try {
            handle = Pcaps.openOffline(capture.toString(), PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            throw new IllegalArgumentException(capture + ": not a pcap or pcapng capture (" + e.getMessage() + ")");
        }
        Map<String, FlowFacts> flows = new LinkedHashMap<>();
        Map<VerdictReason, Long> reasons = new EnumMap<>(VerdictReason.class);
        long packets;
        try {
            packets = run(handle, engine, setup.ingress, flows, reasons);
        } finally {
            handle.close();
        }
        print(flows, reasons, packets);
        return 0;
    }

    private long run(PcapHandle handle, Engine engine, int ingress, Map<String, FlowFacts> flows,
                     Map<VerdictReason, Long> reasons) throws NotOpenException {
        int dlt = handle.getDlt().value();
        byte[] scratch = new byte[65_536 + ETHERNET_HEADER];
        Ja3 ja3 = new Ja3();
        Ja4 ja4 = new Ja4();
        long fileBytes = capture.toFile().length();
        boolean progress = System.console() != null && fileBytes >= PROGRESS_MIN_BYTES;
        long readBytes = 0;
        long packets = 0;
        while (true) {
            byte[] raw;
            try {
                raw = handle.getNextRawPacketEx();
            } catch (EOFException end) {
                break;
            } catch (TimeoutException idle) {
                continue;
            } catch (PcapNativeException e) {
                throw new IllegalArgumentException(capture + ": damaged after " + packets + " packets ("
                        + e.getMessage() + ")");
            }
            packets++;
            readBytes += raw.length + PCAP_RECORD_HEADER_BYTES;
            Instant ts = handle.getTimestamp().toInstant();
            long nowNs = ts.getEpochSecond() * 1_000_000_000L + ts.getNano();
            int length = toEthernet(dlt, raw, scratch);
            if (length < 0) {
                count(reasons, VerdictReason.DROP_MALFORMED);
                continue;
            }
            if (fixChecksums) {
                fixChecksums(scratch, length);
            }
            engine.process(scratch, 0, length, ingress, nowNs);
            VerdictReason reason = engine.reason();
            count(reasons, reason);
            record(engine, reason, flows, ja3, ja4);
            if (progress && packets % PROGRESS_EVERY_PACKETS == 0) {
                spec.commandLine().getErr().printf("\rreplay: %3d%% %,d packets",
                        Math.min(100, readBytes * 100 / fileBytes), packets);
                spec.commandLine().getErr().flush();
            }
        }
        if (progress) {
            spec.commandLine().getErr().printf("\rreplay: 100%% %,d packets%n", packets);
        }
        return packets;
    }

    /** Copies the frame into {@code out} behind an Ethernet header (as the engine reads); -1 if not IP. */
    private static int toEthernet(int dlt, byte[] raw, byte[] out) {
        int ipOffset;
        switch (dlt) {
            case DLT_EN10MB -> {
                int n = Math.min(raw.length, out.length);
                System.arraycopy(raw, 0, out, 0, n);
                return n;
            }
            case DLT_NULL, DLT_LOOP -> ipOffset = 4;
            case DLT_LINUX_SLL -> ipOffset = 16;
            case DLT_RAW, DLT_RAW_BSD, DLT_RAW_OPENBSD -> ipOffset = 0;
            default -> throw new IllegalArgumentException("link type " + dlt + " is not supported"
                    + " (Ethernet, loopback, Linux cooked and raw IP are)");
        }
        if (raw.length <= ipOffset) {
            return -1;
        }
        int version = (raw[ipOffset] & 0xFF) >>> 4;
        if (version != 4 && version != 6) {
            return -1;
        }
        Arrays.fill(out, 0, ETHERNET_HEADER, (byte) 0);
        out[0] = 0x02; // locally administered unicast MACs: the parser ignores them, replies would swap them
        out[6] = 0x02;
        out[12] = (byte) (version == 4 ? 0x08 : 0x86);
        out[13] = (byte) (version == 4 ? 0x00 : 0xDD);
        int n = Math.min(raw.length - ipOffset, out.length - ETHERNET_HEADER);
        System.arraycopy(raw, ipOffset, out, ETHERNET_HEADER, n);
        return ETHERNET_HEADER + n;
    }

    /** Rewrites the IPv4 header checksum and the TCP/UDP checksum of an untagged or 802.1Q-tagged frame. */
    private static void fixChecksums(byte[] f, int length) {
        int l3 = ETHERNET_HEADER;
        int type = u16(f, 12);
        if (type == 0x8100 && length >= 18) {
            type = u16(f, 16);
            l3 = 18;
        }
        int l4;
        int protocol;
        int l4Length;
        long pseudo;
        if (type == 0x0800 && length >= l3 + 20) {
            int ihl = (f[l3] & 0x0F) * 4;
            int total = u16(f, l3 + 2);
            if (ihl < 20 || l3 + total > length || total < ihl) {
                return;
            }
            put16(f, l3 + 10, 0);
            put16(f, l3 + 10, io.fw443.packet.Checksums.checksum(f, l3, ihl));
            if ((u16(f, l3 + 6) & 0x3FFF) != 0) {
                return; // a fragment: its transport checksum spans fragments
            }
            protocol = f[l3 + 9] & 0xFF;
            l4 = l3 + ihl;
            l4Length = total - ihl;
            pseudo = io.fw443.packet.Checksums.ipv4PseudoHeaderSum(f, l3 + 12, l3 + 16, protocol, l4Length);
        } else if (type == 0x86DD && length >= l3 + 40) {
            protocol = f[l3 + 6] & 0xFF;
            l4 = l3 + 40;
            l4Length = u16(f, l3 + 4);
            if (l4 + l4Length > length) {
                return;
            }
            pseudo = io.fw443.packet.Checksums.ipv6PseudoHeaderSum(f, l3 + 8, l3 + 24, protocol, l4Length);
        } else {
            return;
        }
        int at = protocol == IpProtocols.TCP ? 16 : protocol == IpProtocols.UDP ? 6 : -1;
        if (at < 0 || l4Length < at + 2) {
            return;
        }
        put16(f, l4 + at, 0);
        int sum = io.fw443.packet.Checksums.transportChecksum(pseudo, f, l4, l4Length);
        put16(f, l4 + at, protocol == IpProtocols.UDP && sum == 0 ? 0xFFFF : sum); // RFC 768: 0 means "none"
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void count(Map<VerdictReason, Long> reasons, VerdictReason r) {
        reasons.merge(r, 1L, Long::sum);
    }

    private static void record(Engine engine, VerdictReason reason, Map<String, FlowFacts> flows, Ja3 ja3, Ja4 ja4) {
        if (reason.verdict() == Verdict.HOST || reason == VerdictReason.DROP_MALFORMED) {
            return;
        }
        PacketDescriptor d = engine.descriptor();
        int protocol = d.protocol();
        boolean ports = protocol == IpProtocols.TCP || protocol == IpProtocols.UDP;
        String src = address(d, d.sourceAddressOffset());
        String dst = address(d, d.destinationAddressOffset());
        int sp = ports ? d.sourcePort() : 0;
        int dp = ports ? d.destinationPort() : 0;
        String a = src + "|" + sp;
        String b = dst + "|" + dp;
        String key = protocol + " " + (a.compareTo(b) < 0 ? a + " " + b : b + " " + a);
        FlowFacts f = flows.get(key);
        if (f == null) {
            f = new FlowFacts();
            f.protocol = switch (protocol) {
                case IpProtocols.TCP -> "tcp";
                case IpProtocols.UDP -> "udp";
                case IpProtocols.ICMP, IpProtocols.ICMPV6 -> "icmp";
                default -> "ip" + protocol;
            };
            f.reason = reason;
            // The engine's new-flow path answers DROP_INVALID to exactly this: no SYN, or no echo request, first.
            f.openerSeen = reason != VerdictReason.DROP_INVALID;
            // Without an opener the first packet may be a reply: then the lower port is taken as the server's.
            boolean reversed = !f.openerSeen && sp < dp;
            f.client = reversed ? dst : src;
            f.server = reversed ? src : dst;
            f.clientPort = reversed ? dp : sp;
            f.serverPort = reversed ? sp : dp;
            flows.put(key, f);
        } else if (f.reason.verdict() == Verdict.FORWARD && reason.verdict() != Verdict.FORWARD) {
            f.reason = reason; // the first refusal says more about the flow than its opening
        }
        f.packets++;
        ClientHelloInfo hello = engine.completedHello();
        if (hello != null) {
            f.sni = hello.sni();
            List<String> alpn = new ArrayList<>();
            for (int i = 0; i < hello.alpnCount(); i++) {
                alpn.add(printable(hello.alpn(i)));
            }
            f.alpn = alpn.isEmpty() ? null : String.join(",", alpn);
            f.tlsVersion = version(hello.maxOfferedVersion());
            f.ja3 = ja3.ja3Md5(hello);
            f.ja4 = ja4.fingerprint(hello);
        }
    }

    private static String address(PacketDescriptor d, int offset) {
        int n = d.family() == 4 ? 4 : 16;
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(d.buffer(), offset, offset + n)).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + n + " bytes", e);
        }
    }

    /** An ALPN id as text, non-printable bytes as \xNN (GREASE-like ids are binary). */
    private static String printable(String id) {
        StringBuilder b = new StringBuilder();
        for (char c : id.toCharArray()) {
            if (c > 0x20 && c < 0x7F && c != ',') {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c));
            }
        }
        return b.toString();
    }

    /** ProtocolVersion as people write it (RFC 8446 §4.2.1 and its predecessors). */
    static String version(int v) {
        return switch (v) {
            case 0x0304 -> "1.3";
            case 0x0303 -> "1.2";
            case 0x0302 -> "1.1";
            case 0x0301 -> "1.0";
            case 0x0300 -> "ssl3";
            default -> String.format("0x%04x", v);
        };
    }

    private void print(Map<String, FlowFacts> flows, Map<VerdictReason, Long> reasons, long packets)
            throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long hellos = flows.values().stream().filter(f -> f.ja4 != null).count();
        long withoutOpener = flows.values().stream().filter(f -> !f.openerSeen).count();
        long denied = flows.values().stream()
                .filter(f -> f.openerSeen && f.reason.verdict() != Verdict.FORWARD).count();
        Map<String, Long> byReason = new LinkedHashMap<>();
        reasons.forEach((r, n) -> byReason.put(r.name(), n));
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("capture", capture.toString());
            doc.put("policy", config == null ? "permissive" : config.toString());
            doc.put("flows", flows.values().stream().map(FlowFacts::toMap).toList());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("packets", packets);
            summary.put("flows", flows.size());
            summary.put("hellos", hellos);
            summary.put("flowsNotForwarded", denied);
            summary.put("flowsWithoutOpener", withoutOpener);
            summary.put("packetsByReason", byReason);
            doc.put("summary", summary);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else {
            flows.values().forEach(f -> out.println(f.line()));
            StringBuilder s = new StringBuilder("summary: ").append(packets).append(" packets, ")
                    .append(flows.size()).append(" flows, ").append(hellos).append(" hellos, ")
                    .append(denied).append(" flows not forwarded, ").append(withoutOpener)
                    .append(" flows without an opener;");
            byReason.forEach((r, n) -> s.append(' ').append(r).append('=').append(n));
            out.println(s);
            if (!fixChecksums && reasons.getOrDefault(VerdictReason.DROP_MALFORMED, 0L) > 0) {
                spec.commandLine().getErr().println("replay: some frames were malformed; if the capture was taken"
                        + " on a sending host with checksum offload, try --fix-checksums");
            }
            if (withoutOpener > 0) {
                spec.commandLine().getErr().println("replay: " + withoutOpener + " flows started before the capture"
                        + " (no SYN or echo request seen): not tracked, as the node would not, and not inspected");
            }
        }
        out.flush();
    }

    /** The policy and interfaces a replay runs with. */
    private record Setup(Policy policy, ZoneMap zones, int ingress, int egress) {
        static Setup permissive() {
            ZoneMap zones = ZoneMap.builder().zone("any").bind("in", 1, "any").bind("out", 2, "any").build();
            TlsConditions observe = TlsConditions.observeOnly();
            Policy policy = Policy.builder(zones.zoneCount()).defaultAction(Action.ACCEPT)
                    .add(Rule.builder("inspect-tls").protocol(Protocol.TCP).dstPorts(PortRanges.of(443))
                            .action(Action.ACCEPT).l7(observe))
                    .add(Rule.builder("inspect-quic").protocol(Protocol.UDP).dstPorts(PortRanges.of(443))
                            .action(Action.ACCEPT).l7(observe))
                    .build();
            return new Setup(policy, zones, 1, 2);
        }

        static Setup of(Path file) {
            ConfigResult r = ConfigLoader.load(file);
            if (!r.ok()) {
                throw new IllegalArgumentException(file + ": invalid config (" + r.problems().size()
                        + " problems; run fw443 config check " + file + "): " + r.problems().get(0));
            }
            NodeConfig c = r.config();
            PolicyCompiler.Compiled compiled = PolicyCompiler.compile(c);
            List<Integer> data = new ArrayList<>();
            List<InterfaceConfig> interfaces = c.interfaces();
            for (int i = 0; i < interfaces.size(); i++) {
                if (interfaces.get(i).role() == InterfaceConfig.Role.DATA) {
                    data.add(i + 1);
                }
            }
            int in = data.isEmpty() ? 1 : data.get(0);
            int out = data.size() < 2 ? in + 1 : data.get(1);
            return new Setup(compiled.policy(), compiled.zones(), in, out);
        }
    }
}
