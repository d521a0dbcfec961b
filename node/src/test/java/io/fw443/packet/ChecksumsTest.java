package io.fw443.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksumsTest {

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 §3: the sum of 0001 f203 f4f5 f6f7 is ddf2, so the checksum is 220d.
        final byte[] data = Hex.bytes("0001f203f4f5f6f7");
        assertEquals(0xddf2, Checksums.fold(Checksums.sum(data, 0, data.length, 0)));
        assertEquals(0x220d, Checksums.checksum(data, 0, data.length));
    }

    @Test
    void oddLengthIsPaddedWithAZeroOctet() {
        final byte[] data = Hex.bytes("0001f203f4f5f6f7ab");
        assertEquals(ReferenceChecksum.checksum(data, 0, data.length), Checksums.checksum(data, 0, data.length));
        assertEquals(~(0xddf2 + 0xab00 - 0xFFFF) & 0xFFFF, Checksums.checksum(data, 0, data.length));
    }

    @Test
    void rfc1624Example() {
        // RFC 1624 §4: HC = 0xDD2F, m 0x5555 -> 0x3285 gives HC' = 0x0000 (RFC 1141's shortcut gave 0xFFFF).
        assertEquals(0x0000, Checksums.update16(0xDD2F, 0x5555, 0x3285));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 0xF00DL})
    void incrementalUpdateEqualsRecomputation(long seed) {
        final Random random = new Random(seed);
        final byte[] header = new byte[20];
        for (int round = 0; round < 2_000; round++) {
            random.nextBytes(header);
            header[10] = 0;
            header[11] = 0;
            final int checksum = ReferenceChecksum.checksum(header, 0, 20);
            header[10] = (byte) (checksum >>> 8);
            header[11] = (byte) checksum;

            final int word = 2 * pickNot(random, 10, 5);
            final int oldValue = Frames.u16(header, word);
            final int newValue = round % 7 == 0 ? 0 : random.nextInt(0x10000);
            header[word] = (byte) (newValue >>> 8);
            header[word + 1] = (byte) newValue;
            assertEquals(recompute(header), Checksums.update16(checksum, oldValue, newValue));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void update32EqualsRecomputation(long seed) {
        final Random random = new Random(seed);
        final byte[] header = new byte[20];
        for (int round = 0; round < 2_000; round++) {
            random.nextBytes(header);
            setChecksum(header, 0);
            final int checksum = ReferenceChecksum.checksum(header, 0, 20);
            setChecksum(header, checksum);
            final long oldAddress = NetworkOrder.u32(header, 16);
            final long newAddress = random.nextInt() & 0xFFFF_FFFFL;
            NetworkOrder.put32(header, 16, newAddress);
            assertEquals(recompute(header), Checksums.update32(checksum, oldAddress, newAddress));
        }
    }

    @Test
    void transportChecksumMatchesTheKernelsRst() {
        final byte[] rst = CapturedFrames.frame(CapturedFrames.IPV4_TCP_RST_ACK);
        final int tcp = 34;
        final int stored = Frames.u16(rst, tcp + 16);
        rst[tcp + 16] = 0;
        rst[tcp + 17] = 0;
        final long pseudo = Checksums.ipv4PseudoHeaderSum(rst, 26, 30, IpProtocols.TCP, 20);
        assertEquals(stored, Checksums.transportChecksum(pseudo, rst, tcp, 20));
        assertEquals(0xcde1, stored);
    }

    @Test
    void ipv6PseudoHeaderMatchesReference() {
        final byte[] icmp = CapturedFrames.frame(CapturedFrames.IPV6_ICMP_PORT_UNREACHABLE);
        final int l4 = 54;
        final int length = icmp.length - l4;
        final long pseudo = Checksums.ipv6PseudoHeaderSum(icmp, 22, 38, IpProtocols.ICMPV6, length);
        assertEquals(0, Checksums.transportChecksum(pseudo, icmp, l4, length));
        icmp[l4 + 2] = 0;
        icmp[l4 + 3] = 0;
        final byte[] src = Arrays.copyOfRange(icmp, 22, 38);
        final byte[] dst = Arrays.copyOfRange(icmp, 38, 54);
        assertEquals(ReferenceChecksum.transport(src, dst, IpProtocols.ICMPV6, icmp, l4, length),
                Checksums.transportChecksum(pseudo, icmp, l4, length));
    }

    private static int pickNot(Random random, int bound, int excluded) {
        int value;
        do {
            value = random.nextInt(bound);
        } while (value == excluded);
        return value;
    }

    private static byte[] setChecksum(byte[] header, int checksum) {
        header[10] = (byte) (checksum >>> 8);
        header[11] = (byte) checksum;
        return header;
    }

    /** The checksum a from-scratch computation would store for {@code header}, without touching it. */
    private static int recompute(byte[] header) {
        final byte[] copy = header.clone();
        copy[10] = 0;
        copy[11] = 0;
        return ReferenceChecksum.checksum(copy, 0, copy.length);
    }
}
