package io.fw443.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The hot path - reassembly, ClientHello parse, JA4 and JA3 into caller arrays - allocates nothing
 * once warm, measured with the JVM's per-thread allocation counter.
 */
class ZeroAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;

    @Test
    void parseAndFingerprintAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counter unavailable");
        threads.setThreadAllocatedMemoryEnabled(true);

        byte[] flight = HelloBuilder.records(CraftedHellos.chromeLikeWithGreaseAndEch().clientHello(), 1000);
        byte[] split = HelloBuilder.records(CraftedHellos.ja4SpecExample(true).clientHello(), 16384);
        ClientHelloParser parser = new ClientHelloParser();
        ClientHelloInfo info = new ClientHelloInfo();
        ClientHelloReassembler reassembler = new ClientHelloReassembler();
        Ja4 ja4 = new Ja4();
        Ja3 ja3 = new Ja3();
        byte[] out = new byte[Ja4.LENGTH + Ja3.MD5_HEX_LENGTH];

        long checksum = run(WARM_UP, flight, split, parser, info, reassembler, ja4, ja3, out);
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        checksum += run(MEASURED, flight, split, parser, info, reassembler, ja4, ja3, out);
        long allocated = threads.getThreadAllocatedBytes(tid) - before;

        assertEquals(0, allocated, "bytes allocated over " + MEASURED + " iterations (checksum " + checksum + ")");
    }

    private static long run(int iterations, byte[] flight, byte[] split, ClientHelloParser parser, ClientHelloInfo info,
            ClientHelloReassembler reassembler, Ja4 ja4, Ja3 ja3, byte[] out) {
        long sum = 0;
        for (int i = 0; i < iterations; i++) {
            reassembler.init(1000);
            int half = 700;
            reassembler.offer(1000 + half, flight, half, flight.length - half, parser, info);
            TlsParseStatus st = reassembler.offer(1000, flight, 0, half, parser, info);
            ja4.compute(info, out, 0);
            ja3.ja3Md5Hex(info, out, Ja4.LENGTH);
            sum += st.code() + out[20];
            parser.parse(split, 0, split.length, info);
            ja4.compute(info, out, 0);
            sum += out[30];
        }
        return sum;
    }
}
