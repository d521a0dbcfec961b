package io.fw443.dataplane;

import io.fw443.packet.EthernetFlyweight;
import io.fw443.packet.NetworkOrder;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The addresses one interface answers ARP / neighbour solicitations for, each with the MAC it answers with (the
 * interface's own, or a VRRP virtual MAC) and its owner (a VRID, or {@link #STATIC_OWNER} for the node's own data
 * addresses). The kernel stays out of data interfaces, so nothing answers for an address that is not in here.
 *
 * <p>Reads are lock-free and allocate nothing: the receive thread looks addresses up in an immutable snapshot behind
 * a volatile reference. Writes (an election outcome, a few per failover) copy the snapshot under a lock. A linear
 * scan is the right structure for the handful of VIPs an interface carries.
 */
public final class VipTable {
    /** Owner tag of addresses that are not a VRRP group's (the node's own data addresses). */
    public static final int STATIC_OWNER = 0;

    /** One answered address. Immutable; the receive thread reads it without synchronisation. */
    public static final class Entry {
        final int owner;
        final byte[] address;
        final int ipv4;
        final byte[] mac;

        private Entry(int owner, byte[] address, byte[] mac) {
            this.owner = owner;
            this.address = address;
            this.ipv4 = address.length == 4 ? NetworkOrder.s32(address, 0) : 0;
            this.mac = mac;
        }

        public int owner() {
            return owner;
        }

        public boolean isIpv4() {
            return address.length == 4;
        }

        /** A copy of the address (4 or 16 bytes). */
        public byte[] address() {
            return address.clone();
        }

        /** A copy of the MAC this address is answered with. */
        public byte[] mac() {
            return mac.clone();
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(address).getHostAddress() + " at " + macToString(mac, 0)
                        + " (owner " + owner + ")";
            } catch (java.net.UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static final Entry[] EMPTY = new Entry[0];

    private volatile Entry[] entries = EMPTY;

    /**
     * Starts answering for {@code address} with {@code mac}. Replaces an entry for the same address (a group taking
     * over from another owner on this node).
     */
    public synchronized void add(int owner, InetAddress address, byte[] mac) {
        if (owner < 0 || owner > 255) {
            throw new IllegalArgumentException("owner must be 0..255: " + owner);
        }
        if (!(address instanceof Inet4Address) && !(address instanceof Inet6Address)) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        if (mac.length != EthernetFlyweight.MAC_LENGTH) {
            throw new IllegalArgumentException("a MAC has 6 bytes: " + mac.length);
        }
        byte[] bytes = address.getAddress();
        List<Entry> next = new ArrayList<>(entries.length + 1);
        for (Entry e : entries) {
            if (!Arrays.equals(e.address, bytes)) {
                next.add(e);
            }
        }
        next.add(new Entry(owner, bytes, mac.clone()));
        entries = next.toArray(EMPTY);
    }

    /** Stops answering for every address of {@code owner}; returns how many were removed. */
    public synchronized int removeOwner(int owner) {
        Entry[] current = entries;
        Entry[] next = Arrays.stream(current).filter(e -> e.owner != owner).toArray(Entry[]::new);
        entries = next.length == 0 ? EMPTY : next;
        return current.length - next.length;
    }

    /** The entry for an IPv4 address given as a big-endian int, or null. */
    public Entry findIpv4(int ipv4) {
        for (Entry e : entries) {
            if (e.address.length == 4 && e.ipv4 == ipv4) {
                return e;
            }
        }
        return null;
    }

    /** The entry for the IPv6 address at {@code buf[offset .. offset + 16)}, or null. */
    public Entry findIpv6(byte[] buf, int offset) {
        for (Entry e : entries) {
            if (e.address.length == 16 && Arrays.equals(e.address, 0, 16, buf, offset, offset + 16)) {
                return e;
            }
        }
        return null;
    }

    /** The entry for {@code address}, or null. */
    public Entry find(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? findIpv4(NetworkOrder.s32(bytes, 0)) : findIpv6(bytes, 0);
    }

    /** True while {@code owner} has at least one address in the table. */
    public boolean ownsAny(int owner) {
        for (Entry e : entries) {
            if (e.owner == owner) {
                return true;
            }
        }
        return false;
    }

    /** The current entries: a snapshot that later writes do not change. */
    public List<Entry> entries() {
        return List.of(entries);
    }

    /** Entries of the current snapshot, for allocation-free iteration by this package. */
    Entry[] snapshot() {
        return entries;
    }

    public int size() {
        return entries.length;
    }

    static String macToString(byte[] mac, int offset) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < EthernetFlyweight.MAC_LENGTH; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", mac[offset + i] & 0xff));
        }
        return sb.toString();
    }
}
