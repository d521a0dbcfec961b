package io.fw443.vrrp;

import io.fw443.dataplane.FrameHandler;
import io.fw443.dataplane.GratuitousAnnouncer;
import io.fw443.packet.ArpBuilder;
import io.fw443.packet.NeighborSolicitBuilder;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV6NeighborAdvertisementPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.namednumber.ArpOperation;
import org.pcap4j.util.MacAddress;

/**
 * Real {@link VrrpSpeaker}s on a virtual clock and a virtual LAN: every frame a speaker sends is handed at once to
 * the receive handler of every other running station on the same device name (one device name = one segment), and
 * recorded. A client on each segment sends ARP requests / neighbour solicitations and sees who answers. The clock
 * jumps from deadline to deadline, as the election thread would wake.
 */
final class SpeakerLan {
    static final long MS = 1_000_000L;
    static final byte[] CLIENT_MAC = {0x02, 0, 0, 0, 0, 0x10};
    static final String CLIENT_IPV4 = "192.0.2.10";
    static final String CLIENT_IPV6 = "2001:db8::10";
    private static final int MAX_STEPS = 1_000_000;

    /** A frame on the wire. */
    record Seen(long atNs, String from, String device, byte[] frame) {
    }

    /** A state change, with the virtual time it happened at. */
    record Change(long atNs, String station, int vrid, VrrpState from, VrrpState to, VrrpReason reason) {
        @Override
        public String toString() {
            return String.format("%.6f %s/%d %s -> %s (%s)", atNs / 1e9, station, vrid, from, to, reason);
        }
    }

    final class Station {
        final String name;
        final int index;
        final Consumer<VrrpSpeaker.Builder> groups;
        final Set<String> devices = new HashSet<>();
        final Set<String> cut = new HashSet<>();
        final Map<String, FrameHandler> receivers = new LinkedHashMap<>();
        TrackingInputs inputs = TrackingInputs.HEALTHY;
        VrrpSpeaker speaker;
        boolean running;

        Station(String name, int index, Consumer<VrrpSpeaker.Builder> groups) {
            this.name = name;
            this.index = index;
            this.groups = groups;
        }

        /** The station's MAC on {@code device}: 02:00:00:00:{index}:{the device name's last character}. */
        byte[] mac(String device) {
            return new byte[] {0x02, 0, 0, 0, (byte) index, (byte) device.charAt(device.length() - 1)};
        }

        VrrpState state(int vrid) {
            return speaker.state(vrid);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    long nowNs = 1_000 * MS;
    final List<Seen> wire = new ArrayList<>();
    final List<Change> changes = new ArrayList<>();
    private final List<Station> stations = new ArrayList<>();
    private final Set<String> segments;
    private final GratuitousAnnouncer.Settings announcements;

    SpeakerLan(GratuitousAnnouncer.Settings announcements, String... segments) {
        this.announcements = announcements;
        this.segments = Set.of(segments);
    }

    SpeakerLan(String... segments) {
        this(new GratuitousAnnouncer.Settings(50 * MS, 10_000 * MS), segments);
    }

    /** Adds a station whose groups {@code groups} configures, and starts it. */
    Station station(String name, Consumer<VrrpSpeaker.Builder> groups) {
        Station s = new Station(name, stations.size() + 1, groups);
        stations.add(s);
        start(s);
        return s;
    }

    /** Builds a fresh speaker for the station (a restarted process) and feeds it Startup. */
    void start(Station s) {
        VrrpSpeaker.Builder b = VrrpSpeaker.builder();
        for (String device : segments) {
            b.link(device, s.mac(device), (frame, length) -> transmit(s, device, frame, length), announcements);
        }
        s.groups.accept(b);
        b.listener((vrid, from, to, reason) -> changes.add(new Change(nowNs, s.name, vrid, from, to, reason)));
        b.tracking(new VrrpTracking(0, 0, 100, Map.of("eth1", 100)), () -> s.inputs, 10 * MS);
        s.speaker = b.build();
        s.receivers.clear();
        for (String device : segments) {
            s.receivers.put(device, s.speaker.receiver(device));
        }
        s.running = true;
        s.speaker.startup();
    }

    /** The process is gone: no more timers, nothing sent or received. */
    void crash(Station s) {
        s.running = false;
    }

    /** The station's link on {@code device} goes down (or up): frames stop in both directions. */
    void cut(Station s, String device, boolean down) {
        if (down) {
            s.cut.add(device);
        } else {
            s.cut.remove(device);
        }
    }

    /** Advances the clock by {@code durationNs}, running every speaker's due work on the way. */
    void run(long durationNs) {
        long endNs = nowNs + durationNs;
        for (int step = 0; step < MAX_STEPS; step++) {
            boolean worked;
            do {
                worked = false;
                for (Station s : stations) {
                    if (s.running && (s.speaker.hasPendingInput() || s.speaker.nextDeadlineNs() <= nowNs)) {
                        s.speaker.doWork(nowNs);
                        worked = true;
                    }
                }
            } while (worked);
            long next = Long.MAX_VALUE;
            for (Station s : stations) {
                if (s.running) {
                    next = Math.min(next, s.speaker.nextDeadlineNs());
                }
            }
            if (next > endNs) {
                nowNs = endNs;
                return;
            }
            nowNs = next;
        }
        throw new AssertionError("the LAN did not settle");
    }

    /** Runs until {@code station}'s group {@code vrid} reaches {@code state}, at most {@code limitNs}. */
    long runUntil(Station station, int vrid, VrrpState state, long limitNs) {
        long endNs = nowNs + limitNs;
        while (nowNs < endNs) {
            if (station.running && station.state(vrid) == state) {
                return nowNs;
            }
            run(MS / 10);
        }
        throw new AssertionError(station + "/" + vrid + " did not reach " + state + "; changes: " + changes);
    }

    /** Delivers a frame from outside (a test's hand-made advert) to every running station on {@code device}. */
    void inject(String device, byte[] frame) {
        deliver(null, device, frame);
    }

    /**
     * The client asks who has {@code vip} on {@code device}: returns the MACs of the ARP replies (IPv4) or
     * neighbour advertisements (IPv6) it gets, decoded by pcap4j.
     */
    List<String> whoHas(String device, String vip) {
        byte[] out = new byte[128];
        InetAddress target = Ip.ip(vip);
        int n;
        if (target.getAddress().length == 4) {
            n = new ArpBuilder().request(out, 0, CLIENT_MAC, 0, ipv4(CLIENT_IPV4), ipv4(vip));
        } else {
            n = new NeighborSolicitBuilder().multicast(out, 0, CLIENT_MAC, 0, Ip.ip(CLIENT_IPV6).getAddress(), 0,
                    target.getAddress(), 0);
        }
        int before = wire.size();
        deliver(null, device, Arrays.copyOf(out, n));
        List<String> macs = new ArrayList<>();
        for (Seen seen : wire.subList(before, wire.size())) {
            EthernetPacket frame = decode(seen.frame);
            if (!frame.getHeader().getDstAddr().equals(MacAddress.getByAddress(CLIENT_MAC))) {
                continue;
            }
            ArpPacket arp = frame.get(ArpPacket.class);
            if (arp != null && arp.getHeader().getOperation().equals(ArpOperation.REPLY)
                    && arp.getHeader().getSrcProtocolAddr().equals(target)) {
                macs.add(arp.getHeader().getSrcHardwareAddr().toString());
            }
            IcmpV6NeighborAdvertisementPacket na = frame.get(IcmpV6NeighborAdvertisementPacket.class);
            if (na != null && na.getHeader().getTargetAddress().equals(target)) {
                macs.add(frame.getHeader().getSrcAddr().toString());
            }
        }
        return macs;
    }

    /** Gratuitous ARPs (requests with sender = target = {@code vip}) seen from {@code from}. */
    List<Seen> gratuitousArps(String from, String vip) {
        InetAddress address = Ip.ip(vip);
        return wire.stream().filter(s -> s.from.equals(from)).filter(s -> {
            ArpPacket arp = decode(s.frame).get(ArpPacket.class);
            return arp != null && arp.getHeader().getOperation().equals(ArpOperation.REQUEST)
                    && arp.getHeader().getSrcProtocolAddr().equals(address)
                    && arp.getHeader().getDstProtocolAddr().equals(address);
        }).collect(Collectors.toList());
    }

    /** IPv4 VRRP frames sent by {@code from}. */
    List<Seen> adverts(String from) {
        return wire.stream().filter(s -> s.from.equals(from) && s.frame.length > 36
                && s.frame[12] == 0x08 && s.frame[13] == 0 && (s.frame[23] & 0xff) == 112).toList();
    }

    /** The priority an IPv4 advert frame carries (Ethernet 14 + IPv4 20 + 2). */
    static int priority(Seen advert) {
        return advert.frame[36] & 0xff;
    }

    static String mac(byte[] mac) {
        return MacAddress.getByAddress(mac).toString();
    }

    private boolean transmit(Station s, String device, byte[] frame, int length) {
        if (!s.running || s.cut.contains(device)) {
            return true; // lost on a dead link, as a NIC would not know either
        }
        byte[] copy = Arrays.copyOf(frame, length);
        wire.add(new Seen(nowNs, s.name, device, copy));
        deliver(s, device, copy);
        return true;
    }

    private void deliver(Station from, String device, byte[] frame) {
        for (Station to : stations) {
            if (to != from && to.running && !to.cut.contains(device)) {
                byte[] copy = frame.clone(); // a receive buffer is reused by the real port
                to.receivers.get(device).onFrame(copy, 0, copy.length, nowNs);
            }
        }
    }

    private static int ipv4(String literal) {
        byte[] b = Ip.ip(literal).getAddress();
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
