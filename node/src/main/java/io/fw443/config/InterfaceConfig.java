package io.fw443.config;

import java.util.List;
import java.util.Optional;

/**
 * One network interface the node uses.
 *
 * @param name the name other sections refer to (routes, VRRP groups, tracking)
 * @param device the Linux device, e.g. eth1
 * @param role what the node does with it
 * @param zone the policy zone; present exactly for data interfaces
 * @param addresses the node's own addresses with their subnet prefix, in file order
 * @param mtu 68..65535 (1280.. with an IPv6 address)
 * @param mac a MAC to use instead of the device's own
 * @param icmpEcho whether the node answers ping on its own addresses of this interface
 */
public record InterfaceConfig(
        String name,
        String device,
        Role role,
        Optional<String> zone,
        List<Cidr> addresses,
        int mtu,
        Optional<MacAddress> mac,
        boolean icmpEcho) {

    /** What an interface is for. */
    public enum Role implements Keyword {
        /** Carries filtered traffic: captured and injected by the node; the kernel sees none of it. */
        DATA,
        /** The link to the peers for flow-table sync (JGroups); left to the kernel. */
        SYNC,
        /** Operator access; left to the kernel. */
        MANAGEMENT
    }

    public InterfaceConfig {
        addresses = List.copyOf(addresses);
    }

    /** The connected subnet of this interface that contains {@code address}, if any. */
    public Optional<Cidr> subnetContaining(IpAddress address) {
        return addresses.stream().filter(c -> c.contains(address)).findFirst();
    }
}
