package io.fw443.dataplane;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;
import org.pcap4j.util.LinkLayerAddress;

/**
 * Facts about a network device that the host path needs: its MAC (asked from libpcap, which enumerates devices in
 * the calling thread's network namespace) and whether its link is up (the kernel's operational state in sysfs, as
 * seen by a process that runs inside the namespace, e.g. under {@code ip netns exec}, which remounts /sys).
 */
public final class InterfaceLinks {
    private InterfaceLinks() {}

    /** The device's Ethernet address. */
    public static byte[] macAddress(String device) throws PcapNativeException {
        PcapNetworkInterface nif = Pcaps.getDevByName(device);
        if (nif == null) {
            throw new IllegalArgumentException("no such device: " + device);
        }
        for (LinkLayerAddress address : nif.getLinkLayerAddresses()) {
            byte[] bytes = address.getAddress();
            if (bytes.length == 6) {
                return bytes;
            }
        }
        throw new IllegalArgumentException(device + " has no Ethernet address");
    }

    /**
     * True when the device's operational state (RFC 2863 ifOperStatus, {@code /sys/class/net/DEV/operstate}) is
     * up, or unknown (drivers without carrier reporting). A device that is missing counts as down.
     */
    public static boolean isLinkUp(String device) {
        try {
            String state = Files.readString(Path.of("/sys/class/net", device, "operstate")).trim();
            return state.equals("up") || state.equals("unknown");
        } catch (IOException e) {
            return false;
        }
    }

    /** The interface's first IPv4 address, or its link-local IPv6 address, matching the VIPs' family. */
    public static InetAddress primaryAddress(String device, InetAddress vip)
            throws SocketException, UnknownHostException {
        NetworkInterface nif = NetworkInterface.getByName(device);
        if (nif == null) {
            throw new IllegalArgumentException("no interface " + device + " (set the group's primary address)");
        }
        boolean v4 = vip instanceof Inet4Address;
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
            if (v4 && a instanceof Inet4Address) {
                return a;
            }
            if (!v4 && a instanceof Inet6Address && a.isLinkLocalAddress()) {
                // Without the scope: the advert carries the bare 16 bytes.
                return InetAddress.getByAddress(a.getAddress());
            }
        }
        throw new IllegalArgumentException(device + " has no " + (v4 ? "IPv4" : "link-local IPv6")
                + " address (set the group's primary address)");
    }
}
