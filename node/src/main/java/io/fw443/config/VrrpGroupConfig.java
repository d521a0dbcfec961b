package io.fw443.config;

import java.time.Duration;
import java.util.List;

/**
 * One VRRPv3 virtual router (RFC 5798).
 *
 * @param id the VRID, 1..255 (RFC 5798 §5.2.3)
 * @param interfaceName the data interface the group runs on
 * @param vips the virtual addresses, all of one family, inside the interface's subnets
 * @param priority 1..254 (RFC 5798 §5.2.4; 255 is the address owner, 0 a resigning master)
 * @param advertInterval 10ms..40.95s in whole centiseconds (RFC 5798 §5.2.7)
 * @param preempt whether a higher-priority backup takes over from a lower-priority master
 * @param preemptDelay how long a backup waits before preempting
 * @param acceptMode whether the master accepts packets addressed to the VIPs (RFC 5798 §6.1)
 * @param virtualMac whether to use the virtual router MAC 00-00-5E-00-01-{VRID} (RFC 5798 §7.3)
 *     instead of the interface's own
 * @param garp gratuitous ARP / unsolicited NA on becoming master
 */
public record VrrpGroupConfig(
        int id,
        String interfaceName,
        List<Cidr> vips,
        int priority,
        Duration advertInterval,
        boolean preempt,
        Duration preemptDelay,
        boolean acceptMode,
        boolean virtualMac,
        GarpConfig garp) {

    public VrrpGroupConfig {
        vips = List.copyOf(vips);
    }

    /** The advertisement interval in centiseconds, as carried in the advert (RFC 5798 §5.2.7). */
    public int advertIntervalCs() {
        return (int) (advertInterval.toMillis() / 10);
    }
}
