package io.fw443.bench;

import io.fw443.engine.Engine;
import io.fw443.engine.EngineSettings;
import io.fw443.engine.FlowEvents;
import io.fw443.engine.TlsSettings;
import io.fw443.engine.Verdict;
import io.fw443.packet.Checksums;
import io.fw443.policy.Action;
import io.fw443.policy.Policy;
import io.fw443.policy.PortRanges;
import io.fw443.policy.Protocol;
import io.fw443.policy.Rule;
import io.fw443.policy.SourceLimiter;
import io.fw443.policy.ZoneMap;
import io.fw443.table.HeapFlowTable;
import io.fw443.tls.ClientHelloInfo;
import io.fw443.tls.ClientHelloParser;
import io.fw443.tls.Ja4;
import io.fw443.tls.TlsConditions;
import io.fw443.tls.TlsDecision;
import io.fw443.tls.TlsParseStatus;
import io.fw443.tls.quic.QuicInitialFlow;
import io.fw443.tls.quic.QuicInspector;
import io.fw443.tls.quic.QuicStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;

/**
 * {@code bin/bench tls}: ClientHellos parsed per second with JA4 computed (a Chrome-like hello, GREASE and 18
 * extensions), QUIC client Initials (RFC 9001 A.2) decrypted and parsed per second on a new flow each (keys derived
 * each time), and the cost TLS inspection adds to a new TCP flow: a five-packet flow (SYN, SYN+ACK, ACK, hello, RST)
 * through the engine with and without TLS conditions on its rule, the difference per flow.
 */
@BenchmarkMode(Mode.Throughput)
public class TlsBench {
    /** A parser, a JA4 and one hello in one TLS record. */
    @State(Scope.Thread)
    public static class Hellos {
        final ClientHelloParser parser = new ClientHelloParser();
        final ClientHelloInfo info = new ClientHelloInfo();
        final Ja4 ja4 = new Ja4();
        final byte[] out = new byte[Ja4.LENGTH];
        byte[] record;

        @Setup
        public void setUp() {
            record = ChromeHello.record("www.example.test");
            if (parser.parse(record, 0, record.length, info) != TlsParseStatus.COMPLETE) {
                throw new IllegalStateException("bench hello does not parse");
            }
        }
    }

    /** An inspector and the RFC 9001 A.2 client Initial. */
    @State(Scope.Thread)
    public static class Initials {
        final QuicInspector inspector = new QuicInspector();
        final QuicInitialFlow flow = new QuicInitialFlow();
        final ClientHelloParser parser = new ClientHelloParser();
        final ClientHelloInfo info = new ClientHelloInfo();
        final Ja4 ja4 = new Ja4();
        final byte[] out = new byte[Ja4.LENGTH];
        byte[] datagram;

        @Setup
        public void setUp() throws IOException {
            try (InputStream in = TlsBench.class.getResourceAsStream("rfc9001-client-initial.hex")) {
                String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                datagram = HexFormat.of().parseHex(text.lines().filter(l -> !l.startsWith("#"))
                        .reduce("", String::concat).strip());
            }
            if (inspector.offer(flow, datagram, 0, datagram.length) != QuicStatus.COMPLETE) {
                throw new IllegalStateException("bench Initial does not decrypt");
            }
        }
    }

    /** An engine, its policy with or without TLS conditions, and pre-built frames of {@link #FLOWS} flows. */
    @State(Scope.Thread)
    public static class NewFlows {
        static final int FLOWS = 4096;
        static final int PACKETS = 5;

        @Param({"true", "false"})
        public boolean inspect;

        Engine engine;
        byte[][] frames;
        int next;
        long nowNs;

        @Setup(Level.Trial)
        public void setUp() {
            ZoneMap zones = ZoneMap.builder().zone("clients").zone("servers")
                    .bind("inside", 1, "clients").bind("outside", 2, "servers").build();
            Rule.Builder https = Rule.builder("https").protocol(Protocol.TCP).dstPorts(PortRanges.of(443))
                    .action(Action.ACCEPT);
            if (inspect) {
                https.l7(TlsConditions.builder().sniDeny("*.blocked.test").alpnAllow("h2").alpnAllow("http/1.1")
                        .minVersion(0x0303).build());
            }
            Policy policy = Policy.builder(zones.zoneCount()).defaultAction(Action.DROP).add(https).build();
            engine = new Engine(EngineSettings.defaults(1, 1_000_000), TlsSettings.defaults(), null,
                    new HeapFlowTable(1_000_000), () -> policy, zones,
                    (family, a, off) -> (a[off] & 0xFF) == 192 ? 1 : 2,
                    new SourceLimiter(SourceLimiter.Settings.of(1024, 0, 0, 1)), FlowEvents.NONE);
            byte[] hello = ChromeHello.record("www.example.test");
            frames = new byte[FLOWS * PACKETS][];
            for (int i = 0; i < FLOWS; i++) {
                int port = 20000 + i;
                int f = i * PACKETS;
                frames[f] = Tcp.frame(true, port, 0x02, 1000, 0, new byte[0]);
                frames[f + 1] = Tcp.frame(false, port, 0x12, 5000, 1001, new byte[0]);
                frames[f + 2] = Tcp.frame(true, port, 0x10, 1001, 5001, new byte[0]);
                frames[f + 3] = Tcp.frame(true, port, 0x18, 1001, 5001, hello);
                frames[f + 4] = Tcp.frame(true, port, 0x14, 1001 + hello.length, 5001, new byte[0]);
            }
            // One flow as a check that the frames mean what the benchmark says (a forwarded, inspected flow).
            for (int p = 0; p < PACKETS; p++) {
                engine.process(frames[p], 0, frames[p].length, p == 1 ? 2 : 1, nowNs);
                if (engine.reason().verdict() != Verdict.FORWARD) {
                    throw new IllegalStateException("packet " + p + " of the bench flow: " + engine.reason());
                }
            }
            if (engine.tlsDecisionCount(TlsDecision.ALLOW) != (inspect ? 1 : 0)) {
                throw new IllegalStateException("the bench flow was not inspected as configured");
            }
            next = 1;
        }
    }

    @Benchmark
    public void hello(Hellos s, Blackhole bh) {
        bh.consume(s.parser.parse(s.record, 0, s.record.length, s.info));
        s.ja4.compute(s.info, s.out, 0);
        bh.consume(s.out[Ja4.LENGTH - 1]);
    }

    @Benchmark
    public void quicInitial(Initials s, Blackhole bh) {
        s.flow.reset();
        bh.consume(s.inspector.offer(s.flow, s.datagram, 0, s.datagram.length));
        bh.consume(s.parser.parseHandshake(s.flow.helloBuffer(), 0, s.flow.helloLength(), s.info));
        s.ja4.compute(s.info, s.out, 0);
        bh.consume(s.out[Ja4.LENGTH - 1]);
    }

    @Benchmark
    public void newFlow(NewFlows s, Blackhole bh) {
        int base = s.next * NewFlows.PACKETS;
        s.next = (s.next + 1) & (NewFlows.FLOWS - 1);
        s.nowNs += 1000;
        for (int p = 0; p < NewFlows.PACKETS; p++) {
            byte[] f = s.frames[base + p];
            bh.consume(s.engine.process(f, 0, f.length, p == 1 ? 2 : 1, s.nowNs));
        }
    }

    /** The suite behind {@code bin/bench tls}. */
    static final class Suite implements BenchSuite {
        @Override
        public String name() {
            return "tls";
        }

        @Override
        public String description() {
            return "ClientHello+JA4 parses/s, QUIC Initials decrypted+parsed/s, TLS inspection cost per new flow";
        }

        @Override
        public LinkedHashMap<String, String> run(BenchOptions options) throws Exception {
            Collection<RunResult> r = Jmh.run(options, TlsBench.class.getName() + "\\.", false);
            double hellos = Jmh.score(r, "hello");
            double initials = Jmh.score(r, "quicInitial");
            double with = Jmh.score(r, "newFlow", "inspect", "true");
            double without = Jmh.score(r, "newFlow", "inspect", "false");
            LinkedHashMap<String, String> out = new LinkedHashMap<>();
            out.put("hellos_per_s", String.format("%.0f", hellos));
            out.put("quic_initials_per_s", String.format("%.0f", initials));
            out.put("newflow_overhead_ns", String.format("%.0f", 1e9 / with - 1e9 / without));
            out.put("newflow_ns", String.format("%.0f", 1e9 / without));
            return out;
        }
    }

    /** A ClientHello shaped like Chrome 120's: 15 suites and 18 extensions (GREASE among both), X25519, padding. */
    static final class ChromeHello {
        private ChromeHello() {
        }

        static byte[] record(String sni) {
            ByteArrayOutputStream ext = new ByteArrayOutputStream();
            extension(ext, 0x0a0a, new byte[0]);
            byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
            extension(ext, 0x0000, cat(u16(name.length + 3), new byte[] {0}, u16(name.length), name));
            extension(ext, 0x0017, new byte[0]);
            extension(ext, 0xff01, new byte[] {0});
            extension(ext, 0x000a, u16List(0x1a1a, 0x001d, 0x0017, 0x0018));
            extension(ext, 0x000b, new byte[] {1, 0});
            extension(ext, 0x0023, new byte[0]);
            extension(ext, 0x0010, cat(u16(12), new byte[] {2, 'h', '2'}, new byte[] {8},
                    "http/1.1".getBytes(StandardCharsets.US_ASCII)));
            extension(ext, 0x0005, new byte[] {1, 0, 0, 0, 0});
            extension(ext, 0x000d, u16List(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601));
            extension(ext, 0x0012, new byte[0]);
            byte[] key = new byte[32];
            extension(ext, 0x0033, cat(u16(4 + 1 + 4 + 32), u16(0x1a1a), u16(1), new byte[] {0}, u16(0x001d),
                    u16(32), key));
            extension(ext, 0x002d, new byte[] {1, 1});
            extension(ext, 0x002b, new byte[] {6, 0x2a, 0x2a, 3, 4, 3, 3});
            extension(ext, 0x001b, new byte[] {2, 0, 2});
            extension(ext, 0x4469, cat(u16(3), new byte[] {2, 'h', '2'}));
            extension(ext, 0x1a1a, new byte[] {0});
            extension(ext, 0x0015, new byte[200]);
            byte[] extensions = ext.toByteArray();
            byte[] body = cat(u16(0x0303), new byte[32], new byte[] {32}, new byte[32],
                    u16List(0x3a3a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
                            0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035),
                    new byte[] {1, 0}, u16(extensions.length), extensions);
            byte[] message = cat(new byte[] {1, 0, (byte) (body.length >> 8), (byte) body.length}, body);
            return cat(new byte[] {22, 3, 1, (byte) (message.length >> 8), (byte) message.length}, message);
        }

        private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
            out.writeBytes(u16(type));
            out.writeBytes(u16(data.length));
            out.writeBytes(data);
        }

        private static byte[] u16List(int... values) {
            byte[] b = new byte[2 + 2 * values.length];
            b[0] = (byte) (2 * values.length >> 8);
            b[1] = (byte) (2 * values.length);
            for (int i = 0; i < values.length; i++) {
                b[2 + 2 * i] = (byte) (values[i] >> 8);
                b[3 + 2 * i] = (byte) values[i];
            }
            return b;
        }
    }

    /** IPv4/TCP frames between 192.0.2.10 (client) and 198.51.100.100:443 with valid checksums. */
    static final class Tcp {
        private Tcp() {
        }

        static byte[] frame(boolean fromClient, int clientPort, int flags, long seq, long ack, byte[] payload) {
            byte[] client = {(byte) 192, 0, 2, 10};
            byte[] server = {(byte) 198, 51, 100, 100};
            byte[] f = new byte[14 + 20 + 20 + payload.length];
            f[0] = 2;
            f[6] = 2;
            f[12] = 0x08;
            f[14] = 0x45;
            put(f, 16, 40 + payload.length, 2);
            f[22] = 64;
            f[23] = 6;
            System.arraycopy(fromClient ? client : server, 0, f, 26, 4);
            System.arraycopy(fromClient ? server : client, 0, f, 30, 4);
            put(f, 24, Checksums.checksum(f, 14, 20), 2);
            put(f, 34, fromClient ? clientPort : 443, 2);
            put(f, 36, fromClient ? 443 : clientPort, 2);
            put(f, 38, seq, 4);
            put(f, 42, ack, 4);
            f[46] = 0x50;
            f[47] = (byte) flags;
            put(f, 48, 65535, 2);
            System.arraycopy(payload, 0, f, 54, payload.length);
            long pseudo = Checksums.ipv4PseudoHeaderSum(f, 26, 30, 6, 20 + payload.length);
            put(f, 50, Checksums.transportChecksum(pseudo, f, 34, 20 + payload.length), 2);
            return f;
        }

        private static void put(byte[] b, int off, long v, int bytes) {
            for (int i = bytes - 1; i >= 0; i--) {
                b[off + i] = (byte) v;
                v >>>= 8;
            }
        }
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
