package io.fw443.vrrp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Address-family specific wire constants of VRRPv3. A virtual router is either IPv4 or IPv6, never
 * both (RFC 5798 §1: "the virtual routers in each of the IPv4 and IPv6 address families are a domain
 * unto themselves").
 */
public enum VrrpFamily {
    /** IPv4: group 224.0.0.18 (RFC 5798 §5.1.1.2), virtual MAC 00-00-5E-00-01-{VRID} (§7.3). */
    IPV4(4, 0x0800, 20, new byte[] {(byte) 224, 0, 0, 18},
        new byte[] {0x01, 0x00, 0x5e, 0x00, 0x00, 0x12}, 0x01),
    /** IPv6: group ff02::12 (RFC 5798 §5.1.2.2), virtual MAC 00-00-5E-00-02-{VRID} (§7.3). */
    IPV6(16, 0x86dd, 40, new byte[] {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12},
        new byte[] {0x33, 0x33, 0x00, 0x00, 0x00, 0x12}, 0x02);

    /** IP protocol / IPv6 next header number of VRRP (RFC 5798 §5.1.1.4, §5.1.2.4). */
    public static final int IP_PROTOCOL_VRRP = 112;
    /** TTL / hop limit that every advert carries and every receiver checks (RFC 5798 §5.1.1.3, §7.1). */
    public static final int TTL = 255;

    private final int addressLength;
    private final int etherType;
    private final int ipHeaderLength;
    private final byte[] groupAddress;
    private final byte[] groupMac;
    private final int virtualMacFamilyOctet;

    VrrpFamily(int addressLength, int etherType, int ipHeaderLength, byte[] groupAddress, byte[] groupMac,
               int virtualMacFamilyOctet) {
        this.addressLength = addressLength;
        this.etherType = etherType;
        this.ipHeaderLength = ipHeaderLength;
        this.groupAddress = groupAddress;
        this.groupMac = groupMac;
        this.virtualMacFamilyOctet = virtualMacFamilyOctet;
    }

    /** The family of {@code address}. */
    public static VrrpFamily of(InetAddress address) {
        if (address instanceof Inet4Address) {
            return IPV4;
        }
        if (address instanceof Inet6Address) {
            return IPV6;
        }
        throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + address);
    }

    /** Bytes per address in the advert's address list and in the IP header. */
    public int addressLength() {
        return addressLength;
    }

    /** Ethernet type of the IP header. */
    public int etherType() {
        return etherType;
    }

    /** Length of the IP header the encoder writes (no options, no extension headers). */
    public int ipHeaderLength() {
        return ipHeaderLength;
    }

    /** A copy of the multicast destination address. */
    public byte[] groupAddress() {
        return groupAddress.clone();
    }

    /** A copy of the multicast destination MAC (RFC 1112 §6.4 / RFC 2464 §7 mapping of the group). */
    public byte[] groupMac() {
        return groupMac.clone();
    }

    /** Writes the group MAC at {@code offset}. */
    void writeGroupMac(byte[] buffer, int offset) {
        System.arraycopy(groupMac, 0, buffer, offset, groupMac.length);
    }

    /** Writes the virtual router MAC 00-00-5E-00-0{1,2}-{VRID} at {@code offset} (RFC 5798 §7.3). */
    public void writeVirtualMac(byte[] buffer, int offset, int vrid) {
        buffer[offset] = 0x00;
        buffer[offset + 1] = 0x00;
        buffer[offset + 2] = 0x5e;
        buffer[offset + 3] = 0x00;
        buffer[offset + 4] = (byte) virtualMacFamilyOctet;
        buffer[offset + 5] = (byte) vrid;
    }
}
