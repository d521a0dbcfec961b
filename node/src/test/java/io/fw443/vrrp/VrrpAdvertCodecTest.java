package io.fw443.vrrp;

import static io.fw443.vrrp.Ip.hex;
import static io.fw443.vrrp.Ip.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wire fixtures from outside this code base:
 * <ul>
 *   <li>KEEPALIVED_*: adverts sent by keepalived 2.2.7 ({@code vrrp_version 3}) in a network namespace,
 *       captured with tcpdump (VRID 51 at 1 s with 192.0.2.1 and 192.0.2.10 from 192.0.2.2; VRID 52 at
 *       50 ms with 2001:db8::1 from fe80::3818:5dff:fecb:8adb). keepalived sent them from the interface
 *       MAC (no use_vmac), so only the IP packet is compared.</li>
 *   <li>TSHARK_*: frames written by this encoder that tshark 4.0.17 decodes as VRRPv3 with
 *       "Checksum Status: Good" (and a good IPv4 header checksum) under the default
 *       {@code vrrp.v3_checksum_as_in_v2:FALSE}; with that option TRUE the IPv4 one reads Bad, which
 *       shows the pseudo-header is in the sum. Command:
 *       {@code tshark -r f.pcap -o ip.check_checksum:TRUE -T fields -e ip.checksum.status -e vrrp.checksum.status}.
 *       keepalived accepted the same encoder's adverts (it went Backup on priority 200 and took over on
 *       priority 0, for IPv4 and IPv6) and rejected one with a zeroed checksum ("Invalid VRRPv3 checksum").</li>
 * </ul>
 */
class VrrpAdvertCodecTest {

    static final String KEEPALIVED_V4_FRAME = "01005e0000123a185dcb8adb0800"
        + "45c0002400010000ff701894c0000202e0000012" + "31336402006443c4c0000201c000020a";
    static final String KEEPALIVED_V6_FRAME = "3333000000123a185dcb8adb86dd"
        + "6c015832001870fffe8000000000000038185dfffecb8adbff020000000000000000000000000012"
        + "3134640100051f2e20010db8000000000000000000000001";
    static final String KEEPALIVED_V6_PRIORITY_ZERO_FRAME = "3333000000123a185dcb8adb86dd"
        + "6c015832001870fffe8000000000000038185dfffecb8adbff020000000000000000000000000012"
        + "313400010005832e20010db8000000000000000000000001";
    static final String TSHARK_V4_FRAME = "01005e00001200005e0001330800"
        + "45c0002400010000ff701894c0000202e0000012" + "31339602006411c4c0000201c000020a";
    static final String TSHARK_V6_FRAME = "33330000001200005e00023486dd"
        + "6c000000001870fffe800000000000000000000000000002ff020000000000000000000000000012"
        + "3134fe010005a4ea20010db8000000000000000000000001";

    private static final int ETHERNET = VrrpAdvertEncoder.ETHERNET_HEADER_LENGTH;

    private static VrrpAdvertEncoder keepalivedLikeV4() {
        return new VrrpAdvertEncoder(51, 100, ip("192.0.2.2"), List.of(ip("192.0.2.1"), ip("192.0.2.10")));
    }

    @Test
    void ourIpv4PacketIsByteForByteWhatKeepalivedSends() {
        byte[] packet = new byte[keepalivedLikeV4().packetLength()];
        assertEquals(36, keepalivedLikeV4().encodePacket(packet, 0, 100));
        assertEquals(KEEPALIVED_V4_FRAME.substring(2 * ETHERNET), hex(packet, 0, packet.length));
    }

    @Test
    void ourIpv6AdvertIsByteForByteWhatKeepalivedSends() {
        VrrpAdvertEncoder encoder = new VrrpAdvertEncoder(52, 5, ip("fe80::3818:5dff:fecb:8adb"),
            List.of(ip("2001:db8::1")));
        byte[] advert = new byte[encoder.advertLength()];
        encoder.encodeAdvert(advert, 0, 100);
        assertEquals(KEEPALIVED_V6_FRAME.substring(2 * (ETHERNET + 40)), hex(advert, 0, advert.length));
        encoder.encodeAdvert(advert, 0, 0);
        assertEquals(KEEPALIVED_V6_PRIORITY_ZERO_FRAME.substring(2 * (ETHERNET + 40)), hex(advert, 0, advert.length));
    }

    @Test
    void framesMatchThePinnedBytesThatTsharkVerified() {
        byte[] v4 = new byte[keepalivedLikeV4().frameLength()];
        keepalivedLikeV4().encodeFrame(v4, 0, 150);
        assertEquals(TSHARK_V4_FRAME, hex(v4, 0, v4.length));

        VrrpAdvertEncoder encoder = new VrrpAdvertEncoder(52, 5, ip("fe80::2"), List.of(ip("2001:db8::1")));
        byte[] v6 = new byte[encoder.frameLength()];
        assertEquals(78, encoder.encodeFrame(v6, 0, 254));
        assertEquals(TSHARK_V6_FRAME, hex(v6, 0, v6.length));
    }

    @Test
    void keepalivedAdvertsPassOurValidator() {
        AdvertValidator v4 = new AdvertValidator(51, List.of(ip("192.0.2.10"), ip("192.0.2.1")));
        byte[] frame = hex(KEEPALIVED_V4_FRAME);
        assertEquals(AdvertCheck.OK, v4.validatePacket(frame, ETHERNET, frame.length - ETHERNET));
        assertEquals(100, v4.advert().priority());
        assertEquals(100, v4.advert().maxAdvertIntervalCs());
        assertEquals(ip("192.0.2.2"), v4.sourceAddress());

        AdvertValidator v6 = new AdvertValidator(52, List.of(ip("2001:db8::1")));
        byte[] zero = hex(KEEPALIVED_V6_PRIORITY_ZERO_FRAME);
        assertEquals(AdvertCheck.OK, v6.validatePacket(zero, ETHERNET, zero.length - ETHERNET));
        assertEquals(0, v6.advert().priority());
        assertEquals(5, v6.advert().maxAdvertIntervalCs());
        assertEquals(ip("fe80::3818:5dff:fecb:8adb"), v6.sourceAddress());
    }

    @Test
    void flyweightReadsEveryFieldAtAnOffset() {
        byte[] buffer = new byte[100];
        VrrpAdvertEncoder encoder = new VrrpAdvertEncoder(200, 4095, ip("198.51.100.2"),
            List.of(ip("198.51.100.1"), ip("198.51.100.3"), ip("198.51.100.4")));
        int length = encoder.encodeAdvert(buffer, 7, 254);
        assertEquals(8 + 3 * 4, length);
        VrrpAdvertFlyweight advert = new VrrpAdvertFlyweight().wrap(buffer, 7, length);
        assertEquals(3, advert.version());
        assertEquals(1, advert.type());
        assertEquals(200, advert.vrid());
        assertEquals(254, advert.priority());
        assertEquals(3, advert.addressCount());
        assertEquals(0, advert.reserved());
        assertEquals(4095, advert.maxAdvertIntervalCs());
        assertArrayEquals(ip("198.51.100.4").getAddress(),
            Arrays.copyOfRange(buffer, advert.addressOffset(2, 4), advert.addressOffset(2, 4) + 4));
        assertEquals(0, buffer[6], "nothing written before the offset");
        assertEquals(0, buffer[7 + length], "nothing written after the advert");
    }

    @Test
    void reservedBitsDoNotLeakIntoTheInterval() {
        byte[] b = hex("31330064f0640000");
        VrrpAdvertFlyweight advert = new VrrpAdvertFlyweight().wrap(b, 0, b.length);
        assertEquals(15, advert.reserved());
        assertEquals(100, advert.maxAdvertIntervalCs());
    }

    @Test
    void ipv4IdentificationCountsUp() {
        VrrpAdvertEncoder encoder = keepalivedLikeV4();
        byte[] first = new byte[encoder.packetLength()];
        byte[] second = new byte[encoder.packetLength()];
        encoder.encodePacket(first, 0, 100);
        encoder.encodePacket(second, 0, 100);
        assertEquals(1, first[5]);
        assertEquals(2, second[5]);
        AdvertValidator validator = new AdvertValidator(51, List.of(ip("192.0.2.1"), ip("192.0.2.10")));
        assertEquals(AdvertCheck.OK, validator.validatePacket(second, 0, second.length), "header checksum follows");
    }

    @Test
    void encoderRefusesWhatCannotBeSent() {
        VrrpAdvertEncoder encoder = keepalivedLikeV4();
        assertThrows(IllegalArgumentException.class, () -> encoder.encodeFrame(new byte[49], 0, 100));
        assertThrows(IllegalArgumentException.class, () -> encoder.encodeFrame(new byte[60], 11, 100));
        assertThrows(IllegalArgumentException.class, () -> encoder.encodeAdvert(new byte[60], 0, 256));
        assertThrows(IllegalArgumentException.class, () -> encoder.encodeAdvert(new byte[60], 0, -1));
        assertThrows(IllegalArgumentException.class,
            () -> new VrrpAdvertEncoder(1, 100, ip("192.0.2.2"), List.of(ip("2001:db8::1"))));
        assertThrows(IllegalArgumentException.class, () -> new VrrpAdvertEncoder(1, 100, ip("192.0.2.2"), List.of()));
        assertThrows(IllegalArgumentException.class,
            () -> new VrrpAdvertEncoder(1, 0, ip("192.0.2.2"), List.of(ip("192.0.2.1"))));
    }

    @Test
    void virtualMacAndGroupAddressesFollowRfc5798() {
        byte[] mac = new byte[6];
        VrrpFamily.IPV4.writeVirtualMac(mac, 0, 51);
        assertEquals("00005e000133", hex(mac, 0, 6));
        VrrpFamily.IPV6.writeVirtualMac(mac, 0, 255);
        assertEquals("00005e0002ff", hex(mac, 0, 6));
        assertEquals("e0000012", hex(VrrpFamily.IPV4.groupAddress(), 0, 4));
        assertEquals("ff020000000000000000000000000012", hex(VrrpFamily.IPV6.groupAddress(), 0, 16));
        assertEquals("01005e000012", hex(VrrpFamily.IPV4.groupMac(), 0, 6));
        assertEquals("333300000012", hex(VrrpFamily.IPV6.groupMac(), 0, 6));
    }
}
