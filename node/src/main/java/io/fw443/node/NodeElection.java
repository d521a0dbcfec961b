package io.fw443.node;

import io.fw443.config.Cidr;
import io.fw443.config.InterfaceConfig;
import io.fw443.config.NodeConfig;
import io.fw443.config.TrackConfig;
import io.fw443.config.VrrpConfig;
import io.fw443.dataplane.DataInterface;
import io.fw443.dataplane.FrameHandler;
import io.fw443.dataplane.FrameSink;
import io.fw443.dataplane.GratuitousAnnouncer;
import io.fw443.dataplane.InterfaceLinks;
import io.fw443.dataplane.LongClock;
import io.fw443.vrrp.NotifyHook;
import io.fw443.vrrp.SyncGroup;
import io.fw443.vrrp.TrackingInputs;
import io.fw443.vrrp.VrrpElectionLoop;
import io.fw443.vrrp.VrrpGroupConfig;
import io.fw443.vrrp.VrrpSpeaker;
import io.fw443.vrrp.VrrpTracking;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's VRRP: one speaker for every configured group, on the data interfaces' own pcap ports (adverts,
 * GARP and ARP answers for the VIPs leave through the port the worker forwards on; what arrives reaches the speaker
 * through the worker's host path), its election thread, the notify hook, and tracking fed by the node's own health.
 */
final class NodeElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeElection.class);
    private static final long TRACK_INTERVAL_NS = 50_000_000L;
    private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(5);

    private final VrrpSpeaker speaker;
    private final NotifyHook notify;
    private final Set<String> devices;
    private VrrpElectionLoop loop;

    private NodeElection(VrrpSpeaker speaker, NotifyHook notify, Set<String> devices) {
        this.speaker = speaker;
        this.notify = notify;
        this.devices = Set.copyOf(devices);
    }

    /**
     * Builds the speaker; {@link #start} starts it once the ports' workers read frames (a Backup that cannot hear
     * the Master's adverts would claim the group at once). {@code interfaces} are the data interfaces by name, {@code sinks} sends on a
     * device, {@code probe} observes the tracked conditions (called on the election thread every 50 ms).
     */
    static NodeElection create(NodeConfig config, Map<String, DataInterface> interfaces,
                              Function<String, FrameSink> sinks, Supplier<TrackingInputs> probe)
            throws UnknownHostException, SocketException {
        VrrpConfig vrrp = config.vrrp();
        VrrpSpeaker.Builder builder = VrrpSpeaker.builder();
        LinkedHashSet<String> linked = new LinkedHashSet<>();
        for (io.fw443.config.VrrpGroupConfig g : vrrp.groups()) {
            DataInterface iface = interfaces.get(g.interfaceName());
            if (iface == null) {
                throw new IllegalStateException("VRRP group " + g.id() + ": " + g.interfaceName()
                        + " is not a data interface");
            }
            if (linked.add(iface.device())) {
                builder.link(iface.device(), iface.mac(), sinks.apply(iface.device()),
                        new GratuitousAnnouncer.Settings(g.garp().spacing().toNanos(), g.garp().refresh().toNanos()));
            }
            List<InetAddress> vips = new ArrayList<>();
            for (Cidr c : g.vips()) {
                vips.add(InetAddress.getByName(c.address().toString()));
            }
            InetAddress primary = primaryAddress(iface.config(), vips.get(0));
            builder.group(iface.device(), new VrrpGroupConfig(g.id(), g.priority(), g.advertIntervalCs(), g.preempt(),
                    g.preemptDelay().toMillis(), g.acceptMode(), primary, vips, vrrp.peerDeathShortcut(),
                    g.garp().count()), g.virtualMac());
            LOG.info("VRRP group {} on {} ({}): primary {}, priority {}, VIPs {}, advert {} ms", g.id(),
                    g.interfaceName(), iface.device(), primary.getHostAddress(), g.priority(), vips,
                    g.advertInterval().toMillis());
        }
        vrrp.syncGroups().forEach(s -> builder.syncGroup(new SyncGroup(s.name(), new LinkedHashSet<>(s.groupIds()))));
        TrackConfig t = vrrp.track();
        builder.tracking(new VrrpTracking(t.engineWeight(), t.syncWeight(), t.resyncWeight(), t.interfaceWeights()),
                probe, TRACK_INTERVAL_NS);
        NotifyHook notify = vrrp.notifyScript().map(p -> new NotifyHook(p, NOTIFY_TIMEOUT)).orElse(null);
        if (notify != null) {
            builder.listener(notify);
        }
        return new NodeElection(builder.build(), notify, linked);
    }

    /** Starts the election thread and every group (Initialize -> Backup, or Master for an address owner). */
    void start(LongClock clock) {
        loop = VrrpElectionLoop.start(speaker, clock);
        speaker.startup();
    }

    /** The group's primary address: the interface's configured address of the VIP's family, else the kernel's. */
    private static InetAddress primaryAddress(InterfaceConfig iface, InetAddress vip)
            throws UnknownHostException, SocketException {
        boolean v4 = vip.getAddress().length == 4;
        for (Cidr c : iface.addresses()) {
            if (c.address().isV4() == v4) {
                return InetAddress.getByName(c.address().toString());
            }
        }
        return InterfaceLinks.primaryAddress(iface.device(), vip);
    }

    VrrpSpeaker speaker() {
        return speaker;
    }

    /** The speaker's handler for frames of {@code device}'s host path, or null when no group runs there. */
    FrameHandler hostPath(String device) {
        return devices.contains(device) ? speaker.receiver(device) : null;
    }

    /** Graceful stop: every Master sends priority 0 and releases its VIPs, then the election thread ends. */
    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
        if (notify != null) {
            notify.close();
        }
    }
}
