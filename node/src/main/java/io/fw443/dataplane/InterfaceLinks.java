package io.fw443.dataplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
