package io.fw443.vrrp;

import static io.fw443.vrrp.Ip.ip;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fw443.dataplane.GratuitousAnnouncer;
import io.fw443.dataplane.InterfaceLinks;
import io.fw443.dataplane.LongClock;
import io.fw443.dataplane.Netns;
import io.fw443.dataplane.PcapPort;
import io.fw443.dataplane.PortReader;
import io.fw443.packet.ArpBuilder;
import io.fw443.packet.NeighborSolicitBuilder;
import io.fw443.testing.VethPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV6NeighborAdvertisementPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.namednumber.ArpOperation;
import org.pcap4j.util.MacAddress;

/**
 * The speaker on a real interface: a veth pair between two namespaces, libpcap on both ends, the election thread on
 * the system clock. Side a runs an IPv4 and an IPv6 group; side b is the client and a hand-made rival router.
 */
class VrrpSpeakerPcapTest {
    private static final byte[] CLIENT_MAC = {0x02, 0, 0, 0, 0, 0x10};
    private static final Duration WAIT = Duration.ofSeconds(10);

    private VethPair veth;
    private PcapPort speakerPort;
    private PcapPort clientPort;
    private PortReader speakerReader;
    private PortReader clientReader;
    private VrrpElectionLoop loop;
    private VrrpSpeaker speaker;
    private byte[] speakerMac;
    private final ConcurrentLinkedQueue<byte[]> seenByClient = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(VethPair.available(), "needs root and iproute2 (CI has both)");
        veth = VethPair.create("vrrp", "192.0.2.2/24", "192.0.2.10/24");
        speakerPort = Netns.callIn(veth.a(), () -> PcapPort.open(new PcapPort.Options("eth0", 2048, 1 << 20,
                VrrpSpeakerMain.BPF)));
        speakerMac = Netns.callIn(veth.a(), () -> InterfaceLinks.macAddress("eth0"));
        clientPort = Netns.callIn(veth.b(), () -> PcapPort.open(new PcapPort.Options("eth0", 2048, 1 << 20,
                VrrpSpeakerMain.BPF)));
        clientReader = PortReader.start(clientPort,
                (frame, offset, length, nowNs) -> seenByClient.add(Arrays.copyOfRange(frame, offset, offset + length)),
                LongClock.SYSTEM);
        speaker = VrrpSpeaker.builder()
                .link("eth0", speakerMac, speakerPort::send, GratuitousAnnouncer.Settings.DEFAULT)
                .group("eth0", VrrpGroupConfig.of(51, 100, ip("192.0.2.2"), ip("192.0.2.1"))
                        .withAdvertIntervalCs(5), false)
                .group("eth0", VrrpGroupConfig.of(61, 100, ip("fe80::2"), ip("2001:db8::1"))
                        .withAdvertIntervalCs(5), false)
                .build();
        loop = VrrpElectionLoop.start(speaker, LongClock.SYSTEM);
        speakerReader = PortReader.start(speakerPort, speaker.receiver("eth0"), LongClock.SYSTEM);
        speaker.startup();
    }

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {loop, speakerReader, clientReader, speakerPort, clientPort, veth}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // Best effort: the namespaces go with the pair.
                }
            }
        }
    }

    @Test
    void aLoneSpeakerTakesBothGroupsAnswersForTheVipsAndYieldsToABetterRouter() {
        await().atMost(WAIT).until(() -> speaker.state(51) == VrrpState.MASTER
                && speaker.state(61) == VrrpState.MASTER);
        await().atMost(WAIT).until(() -> seenByClient.stream().anyMatch(f -> isGratuitousArp(f, "192.0.2.1")));

        String mac = MacAddress.getByAddress(speakerMac).toString();
        query("192.0.2.1");
        await().atMost(WAIT).until(() -> answersTo("192.0.2.1").equals(List.of(mac)));
        query("2001:db8::1");
        await().atMost(WAIT).until(() -> answersTo("2001:db8::1").equals(List.of(mac)));

        // A rival Master at priority 200 for group 51 appears on the link: the speaker yields and goes quiet for it.
        VrrpAdvertEncoder rival = new VrrpAdvertEncoder(51, 5, ip("192.0.2.9"), List.of(ip("192.0.2.1")));
        byte[] advert = new byte[rival.frameLength()];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            rival.encodeFrame(advert, 0, 200);
            clientPort.send(advert, advert.length);
            return speaker.state(51) == VrrpState.BACKUP;
        });
        // It stays quiet for as long as the rival keeps advertising (every 20 ms here).
        query("192.0.2.1");
        await().during(Duration.ofMillis(300)).atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            rival.encodeFrame(advert, 0, 200);
            clientPort.send(advert, advert.length);
            return answersTo("192.0.2.1").isEmpty() && speaker.state(51) == VrrpState.BACKUP;
        });
        assertEquals(VrrpState.MASTER, speaker.state(61), "the IPv6 group is not concerned");
        assertEquals(1, speaker.count(51, VrrpSpeaker.GroupCounter.DUAL_MASTER_YIELDED));
    }

    /** Sends one query from the client; {@link #answersTo} collects what comes back. */
    private void query(String vip) {
        byte[] out = new byte[128];
        byte[] target = ip(vip).getAddress();
        int n = target.length == 4
                ? new ArpBuilder().request(out, 0, CLIENT_MAC, 0, 0xC000020A, ipv4(target))
                : new NeighborSolicitBuilder().multicast(out, 0, CLIENT_MAC, 0, ip("2001:db8::10").getAddress(), 0,
                        target, 0);
        seenByClient.clear();
        clientPort.send(out, n);
    }

    /** The MACs that answered the last query for {@code vip} so far. */
    private List<String> answersTo(String vip) {
        return seenByClient.stream().map(VrrpSpeakerPcapTest::decode)
                .filter(e -> e.getHeader().getDstAddr().equals(MacAddress.getByAddress(CLIENT_MAC)))
                .filter(e -> answers(e, vip))
                .map(e -> e.getHeader().getSrcAddr().toString()).toList();
    }

    private static boolean answers(EthernetPacket frame, String vip) {
        ArpPacket arp = frame.get(ArpPacket.class);
        if (arp != null) {
            return arp.getHeader().getOperation().equals(ArpOperation.REPLY)
                    && arp.getHeader().getSrcProtocolAddr().equals(ip(vip));
        }
        IcmpV6NeighborAdvertisementPacket na = frame.get(IcmpV6NeighborAdvertisementPacket.class);
        return na != null && na.getHeader().getTargetAddress().equals(ip(vip));
    }

    private static boolean isGratuitousArp(byte[] frame, String vip) {
        ArpPacket arp = decode(frame).get(ArpPacket.class);
        return arp != null && arp.getHeader().getSrcProtocolAddr().equals(ip(vip))
                && arp.getHeader().getDstProtocolAddr().equals(ip(vip));
    }

    private static int ipv4(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
    }

    private static EthernetPacket decode(byte[] frame) {
        try {
            return EthernetPacket.newPacket(frame, 0, frame.length);
        } catch (IllegalRawDataException e) {
            throw new AssertionError(e);
        }
    }
}
