package io.fw443.packet;

import static io.fw443.packet.CapturedFrames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The hot path must not allocate: measured with the JVM's per-thread allocation counter around 100k
 * iterations after warm-up. A correctness property, not a timing one.
 */
class ZeroAllocationTest {
    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 100_000;
    private static final long BOUND_BYTES = 1024;

    private final FrameParser parser = new FrameParser(new ParseCounters());
    private final PacketDescriptor d = new PacketDescriptor();
    private final ForwardingRewriter rewriter = new ForwardingRewriter();
    private final TcpRstBuilder rst = new TcpRstBuilder();
    private final IcmpUnreachableBuilder icmp = new IcmpUnreachableBuilder();
    private final byte[] tcp4 = frame(CapturedFrames.IPV4_TCP_SYN);
    private final byte[] pristine = tcp4.clone();
    private final byte[] icmp6 = frame(CapturedFrames.IPV6_ICMP_PORT_UNREACHABLE);
    private final byte[] mld = frame(CapturedFrames.IPV6_HOP_BY_HOP_MLD);
    private final byte[] out = new byte[2048];
    private final byte[] address = new byte[16];
    private long sink;

    @Test
    void parsingRewritingAndReplyingDoNotAllocate() {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "JVM cannot count per-thread allocation");
        threads.setThreadAllocatedMemoryEnabled(true);
        final long threadId = Thread.currentThread().getId();

        runIterations(WARM_UP);
        final long before = threads.getThreadAllocatedBytes(threadId);
        runIterations(MEASURED);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertTrue(sink != 0);
        assertTrue(allocated < BOUND_BYTES, "allocated " + allocated + " bytes over " + MEASURED + " iterations");
    }

    private void runIterations(int count) {
        for (int i = 0; i < count; i++) {
            System.arraycopy(pristine, 0, tcp4, 0, tcp4.length);
            assertOk(parser.parse(tcp4, 0, tcp4.length, d));
            sink += d.tcpSequence() + d.tcpMss() + d.destinationPort();
            d.copySourceAddress16(address, 0);
            rewriter.decrementTtl(d);
            sink += rst.reply(d, out, 0);
            sink += icmp.destinationUnreachable(d, IcmpFlyweight.CODE_ADMIN_PROHIBITED, null, 0, out, 0);
            assertOk(parser.parse(icmp6, 0, icmp6.length, d));
            sink += d.innerSourcePort() + (Checksums.isTransportChecksumValid(d) ? 1 : 0);
            assertOk(parser.parse(mld, 0, mld.length, d));
            sink += d.icmpType();
        }
    }

    private static void assertOk(ParseResult result) {
        if (result != ParseResult.OK) {
            assertEquals(ParseResult.OK, result);
        }
    }
}
