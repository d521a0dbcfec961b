package io.fw443.vrrp;

import io.fw443.dataplane.GratuitousAnnouncer;
import io.fw443.dataplane.InterfaceLinks;
import io.fw443.dataplane.LongClock;
import io.fw443.dataplane.PcapPort;
import io.fw443.dataplane.PortReader;
import io.fw443.logging.LogFormat;
import io.fw443.logging.LogSetup;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone VRRP speaker: {@link VrrpSpeaker} on real interfaces, for the namespace tests, the keepalived interop
 * tests and {@code bin/bench vrrp}, until the node process wires the speaker in with its engine and cluster view.
 * Options: {@link VrrpSpeakerOptions}. Run it inside the firewall's namespace (it reads link state from /sys).
 *
 * <p>What it stands in for: the interfaces' link state is the only tracked condition besides an optional "resync
 * pending" file; peer death comes from {@link PeerHeartbeat} (a TCP connection on the sync link), not from JGroups.
 * SIGTERM is a graceful stop (priority 0 from every Master); SIGKILL is a crash.
 *
 * <p>It logs {@code vrrp speaker ready} once every group has started, and every transition as
 * {@code group VRID (DEV): FROM -> TO (REASON)}.
 */
public final class VrrpSpeakerMain {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpSpeakerMain.class);
    /** Control traffic only: adverts, ARP and neighbour discovery. */
    static final String BPF = "arp or (ip proto 112) or (ip6 and (icmp6 or ip6 proto 112))";
    private static final int SNAPLEN = 2048;
    private static final int RING_BYTES = 4 << 20;

    private VrrpSpeakerMain() {}

    public static void main(String[] args) throws Exception {
        LogSetup.configure(LogFormat.TEXT, System.getenv().getOrDefault("FW443_LOG_LEVEL", "INFO"));
        VrrpSpeakerOptions options;
        try {
            options = VrrpSpeakerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("vrrp-speaker: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(options);
    }

    private static void run(VrrpSpeakerOptions o) throws Exception {
        Set<String> devices = new LinkedHashSet<>();
        o.groups().forEach(g -> devices.add(g.device()));
        Map<String, PcapPort> ports = new LinkedHashMap<>();
        List<AutoCloseable> closeLast = Collections.synchronizedList(new ArrayList<>());
        GratuitousAnnouncer.Settings announcements = new GratuitousAnnouncer.Settings(
                o.garpSpacingMs() * 1_000_000L, o.garpRefreshMs() * 1_000_000L);

        VrrpSpeaker.Builder builder = VrrpSpeaker.builder();
        for (String device : devices) {
            PcapPort port = PcapPort.open(new PcapPort.Options(device, SNAPLEN, RING_BYTES, BPF));
            ports.put(device, port);
            builder.link(device, InterfaceLinks.macAddress(device), port::send, announcements);
        }
        for (VrrpSpeakerOptions.Group g : o.groups()) {
            InetAddress primary = g.primary() != null ? g.primary() : InterfaceLinks.primaryAddress(g.device(), g.vips().get(0));
            builder.group(g.device(), g.config(primary), g.virtualMac());
            LOG.info("group {} on {}: primary {}, priority {}, VIPs {}, advert {} ms{}", g.vrid(), g.device(),
                    primary.getHostAddress(), g.priority(), g.vips(), g.advertIntervalMs(),
                    g.virtualMac() ? ", virtual MAC" : "");
        }
        o.syncGroups().forEach((name, vrids) -> builder.syncGroup(new SyncGroup(name, vrids)));
        builder.tracking(o.tracking(), () -> observe(o), o.trackIntervalMs() * 1_000_000L);
        if (o.statusFile() != null) {
            VrrpStatusFile status = new VrrpStatusFile(o.statusFile(),
                    o.groups().stream().map(VrrpSpeakerOptions.Group::vrid).toList());
            builder.listener(status);
            closeLast.add(status);
        }
        if (o.notifyScript() != null) {
            NotifyHook hook = new NotifyHook(o.notifyScript(), o.notifyTimeout());
            builder.listener(hook);
            closeLast.add(hook);
        }
        VrrpSpeaker speaker = builder.build();

        VrrpElectionLoop loop = VrrpElectionLoop.start(speaker, LongClock.SYSTEM);
        List<PortReader> readers = new ArrayList<>();
        ports.forEach((device, port) -> readers.add(PortReader.start(port, speaker.receiver(device),
                LongClock.SYSTEM)));
        PeerHeartbeat heartbeat = null;
        if (o.peerDeath() != null) {
            VrrpSpeakerOptions.PeerDeath pd = o.peerDeath();
            heartbeat = PeerHeartbeat.start(pd.listen(), pd.connect(), () -> pd.peers().forEach(speaker::peerDied));
        }
        PeerHeartbeat peerLink = heartbeat;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("vrrp speaker stopping");
            loop.close();
            if (peerLink != null) {
                peerLink.close();
            }
            readers.forEach(PortReader::close);
            ports.values().forEach(PcapPort::close);
            for (AutoCloseable c : closeLast) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing {}: {}", c, e.getMessage());
                }
            }
            LOG.info("vrrp speaker stopped");
        }, "vrrp-stop"));
        speaker.startup();
        LOG.info("vrrp speaker ready: groups {} on {}", o.groups().stream().map(VrrpSpeakerOptions.Group::vrid)
                .toList(), devices);
    }

    private static TrackingInputs observe(VrrpSpeakerOptions o) {
        Set<String> down = new HashSet<>();
        for (String device : o.trackInterfaces().keySet()) {
            if (!InterfaceLinks.isLinkUp(device)) {
                down.add(device);
            }
        }
        boolean syncUp = o.trackSyncDevice() == null || InterfaceLinks.isLinkUp(o.trackSyncDevice());
        boolean resynced = o.resyncPendingFile() == null || !Files.exists(o.resyncPendingFile());
        return new TrackingInputs(down, true, syncUp, resynced);
    }
}
