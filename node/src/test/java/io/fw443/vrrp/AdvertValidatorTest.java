package io.fw443.vrrp;

import static io.fw443.vrrp.Ip.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each verdict from a valid packet broken in exactly one way. Checksums of the broken packets are
 * recomputed with {@link TestChecksum} (not the code under test) wherever the break is not meant to
 * be a checksum error.
 */
class AdvertValidatorTest {

    private static final List<InetAddress> VIPS4 = List.of(ip("192.0.2.1"), ip("192.0.2.10"));
    private static final List<InetAddress> VIPS6 = List.of(ip("2001:db8::1"));

    static byte[] validV4() {
        VrrpAdvertEncoder e = new VrrpAdvertEncoder(51, 100, ip("192.0.2.2"), VIPS4);
        byte[] p = new byte[e.packetLength()];
        e.encodePacket(p, 0, 150);
        return p;
    }

    static byte[] validV6() {
        VrrpAdvertEncoder e = new VrrpAdvertEncoder(52, 5, ip("fe80::2"), VIPS6);
        byte[] p = new byte[e.packetLength()];
        e.encodePacket(p, 0, 150);
        return p;
    }

    private static Arguments v4(String name, AdvertCheck expected, Consumer<byte[]> breakIt, boolean fix) {
        byte[] p = validV4();
        breakIt.accept(p);
        if (fix) {
            TestChecksum.fixIpv4(p);
        }
        return Arguments.of("v4 " + name, expected, p, p.length, VIPS4);
    }

    private static Arguments v6(String name, AdvertCheck expected, Consumer<byte[]> breakIt, boolean fix) {
        byte[] p = validV6();
        breakIt.accept(p);
        if (fix) {
            TestChecksum.fixIpv6(p);
        }
        return Arguments.of("v6 " + name, expected, p, p.length, VIPS6);
    }

    static Stream<Arguments> packets() {
        byte[] longer4 = Arrays.copyOf(validV4(), 40);
        longer4[3] = 40;
        TestChecksum.fixIpv4(longer4);
        byte[] padded4 = Arrays.copyOf(validV4(), 46);
        byte[] padded6 = Arrays.copyOf(validV6(), 80);
        byte[] ours4 = validV4();
        return Stream.of(
            v4("as sent", AdvertCheck.OK, p -> { }, false),
            Arguments.of("v4 with Ethernet padding", AdvertCheck.OK, padded4, padded4.length, VIPS4),
            Arguments.of("v4 addresses listed in another order", AdvertCheck.OK, ours4, ours4.length,
                List.of(ip("192.0.2.10"), ip("192.0.2.1"))),
            Arguments.of("v4 shorter than an IP header", AdvertCheck.TRUNCATED, validV4(), 19, VIPS4),
            Arguments.of("v4 cut inside the addresses", AdvertCheck.TRUNCATED, validV4(), 35, VIPS4),
            v4("IHL below 5", AdvertCheck.TRUNCATED, p -> p[0] = 0x44, false),
            v4("total length below IHL", AdvertCheck.TRUNCATED, p -> p[3] = 16, false),
            v4("count claims a third address", AdvertCheck.TRUNCATED, p -> p[23] = 3, true),
            v4("VRRP part shorter than its header", AdvertCheck.TRUNCATED, p -> p[3] = 26, true),
            v4("protocol TCP", AdvertCheck.NOT_VRRP, p -> p[9] = 6, true),
            v4("a fragment", AdvertCheck.NOT_VRRP, p -> p[6] = 0x20, true),
            v4("TTL 254 (routed)", AdvertCheck.BAD_TTL, p -> p[8] = (byte) 254, true),
            v4("IP header checksum", AdvertCheck.BAD_CHECKSUM, p -> p[5] ^= 1, false),
            v4("VRRP checksum", AdvertCheck.BAD_CHECKSUM, p -> p[26] ^= 0x40, false),
            v4("priority changed in flight", AdvertCheck.BAD_CHECKSUM, p -> p[22] = (byte) 200, false),
            v4("VRRPv2", AdvertCheck.BAD_VERSION, p -> p[20] = 0x21, true),
            v4("type 2", AdvertCheck.BAD_TYPE, p -> p[20] = 0x32, true),
            v4("VRID 52", AdvertCheck.WRONG_VRID, p -> p[21] = 52, true),
            Arguments.of("v4 trailing bytes inside the IP length", AdvertCheck.BAD_LENGTH, longer4, 40, VIPS4),
            v4("interval 0", AdvertCheck.BAD_INTERVAL, p -> p[25] = 0, true),
            v4("another address", AdvertCheck.ADDRESS_LIST_MISMATCH, p -> p[35] = 11, true),
            v4("one address fewer", AdvertCheck.ADDRESS_LIST_MISMATCH, p -> {
                p[3] = 32;
                p[23] = 1;
            }, true),
            v4("an IPv6 packet", AdvertCheck.WRONG_FAMILY, p -> p[0] = 0x65, false),

            v6("as sent", AdvertCheck.OK, p -> { }, false),
            Arguments.of("v6 with Ethernet padding", AdvertCheck.OK, padded6, padded6.length, VIPS6),
            Arguments.of("v6 shorter than the IPv6 header", AdvertCheck.TRUNCATED, validV6(), 39, VIPS6),
            Arguments.of("v6 payload length beyond the capture", AdvertCheck.TRUNCATED, validV6(), 63, VIPS6),
            v6("a hop-by-hop header first", AdvertCheck.NOT_VRRP, p -> p[6] = 0, false),
            v6("hop limit 64", AdvertCheck.BAD_TTL, p -> p[7] = 64, false),
            v6("checksum", AdvertCheck.BAD_CHECKSUM, p -> p[47] ^= 1, false),
            v6("source changed (pseudo-header)", AdvertCheck.BAD_CHECKSUM, p -> p[23] = 3, false),
            v6("version 2", AdvertCheck.BAD_VERSION, p -> p[40] = 0x21, true),
            v6("another address", AdvertCheck.ADDRESS_LIST_MISMATCH, p -> p[63] = 2, true),
            v6("an IPv4 packet", AdvertCheck.WRONG_FAMILY, p -> p[0] = 0x45, false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("packets")
    void verdict(String name, AdvertCheck expected, byte[] packet, int length, List<InetAddress> vips) {
        AdvertValidator validator = new AdvertValidator(vips == VIPS6 ? 52 : 51, vips);
        assertEquals(expected, validator.validatePacket(packet, 0, length));
        assertEquals(1, validator.count(expected));
    }

    @Test
    void validatesAtAnOffsetAndReportsTheSender() {
        byte[] p = validV6();
        byte[] framed = new byte[p.length + 20];
        System.arraycopy(p, 0, framed, 14, p.length);
        AdvertValidator validator = new AdvertValidator(52, VIPS6);
        assertEquals(AdvertCheck.OK, validator.validatePacket(framed, 14, p.length));
        assertEquals(ip("fe80::2"), validator.sourceAddress());
        assertEquals(22, validator.sourceOffset());
        assertEquals(150, validator.advert().priority());
        assertEquals(54, validator.advert().offset());
    }

    @Test
    void countsEveryVerdictSeparately() {
        AdvertValidator validator = new AdvertValidator(51, VIPS4);
        byte[] good = validV4();
        byte[] ttl = validV4();
        ttl[8] = 1;
        validator.validatePacket(good, 0, good.length);
        validator.validatePacket(good, 0, good.length);
        validator.validatePacket(ttl, 0, ttl.length);
        assertEquals(2, validator.count(AdvertCheck.OK));
        assertEquals(1, validator.count(AdvertCheck.BAD_TTL));
        assertEquals(0, validator.count(AdvertCheck.BAD_CHECKSUM));
    }

    @Test
    void nonsenseArgumentsAreTruncatedNotExceptions() {
        AdvertValidator validator = new AdvertValidator(51, VIPS4);
        byte[] p = validV4();
        assertEquals(AdvertCheck.TRUNCATED, validator.validatePacket(null, 0, 10));
        assertEquals(AdvertCheck.TRUNCATED, validator.validatePacket(p, -1, 10));
        assertEquals(AdvertCheck.TRUNCATED, validator.validatePacket(p, 10, p.length));
        assertEquals(AdvertCheck.TRUNCATED, validator.validatePacket(p, 0, 0));
    }

    @Test
    void onlyMalformedOrMisconfiguredAdvertsAreErrors() {
        assertFalse(AdvertCheck.OK.isError());
        assertFalse(AdvertCheck.WRONG_VRID.isError());
        assertFalse(AdvertCheck.NOT_VRRP.isError());
        assertTrue(AdvertCheck.BAD_CHECKSUM.isError());
        assertTrue(AdvertCheck.ADDRESS_LIST_MISMATCH.isError());
    }
}
