package io.fw443.dataplane;

import io.fw443.config.Cidr;
import io.fw443.config.InterfaceConfig;
import io.fw443.config.IpAddress;
import io.fw443.config.NodeConfig;
import io.fw443.config.RouteConfig;
import io.fw443.engine.PolicyCompiler;
import io.fw443.engine.Router;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The node's routes: its own data addresses and the link-scope groups (to the host path), the connected subnets of
 * its data interfaces, and the static routes of the config. Longest-prefix match over entries sorted longest prefix
 * first, so the first hit wins; a firewall has a handful of routes, where a linear scan over primitive arrays beats a
 * trie and allocates nothing. Immutable once built, so every worker thread reads it without locks.
 *
 * <p>Addresses are held as two longs: IPv6 as {@code high:low}, IPv4 in the low 32 bits of {@code low}.
 */
public final class RoutingTable implements Router {
    /** How an entry reaches its destinations. */
    public enum Kind {
        /** This node's own address, or a group it listens to: the host path. */
        LOCAL,
        /** A subnet on the link: the destination itself is the next hop. */
        CONNECTED,
        /** A static route: the configured gateway is the next hop. */
        VIA
    }

    /** One route, for building and for logs. */
    public record Entry(Kind kind, Cidr prefix, int interfaceIndex, IpAddress via) {}

    private final List<Entry> entries;
    private final int[] family;
    private final long[] maskHigh;
    private final long[] maskLow;
    private final long[] netHigh;
    private final long[] netLow;
    private final int[] egress;
    private final Kind[] kind;
    private final long[] viaHigh;
    private final long[] viaLow;

    public RoutingTable(List<Entry> unsorted) {
        List<Entry> sorted = new ArrayList<>(unsorted);
        // Longest prefix first; LOCAL before the subnet that contains it at equal length.
        sorted.sort(Comparator.comparingInt((Entry e) -> -e.prefix().prefixLength())
                .thenComparing(Entry::kind));
        this.entries = List.copyOf(sorted);
        int n = sorted.size();
        family = new int[n];
        maskHigh = new long[n];
        maskLow = new long[n];
        netHigh = new long[n];
        netLow = new long[n];
        egress = new int[n];
        kind = new Kind[n];
        viaHigh = new long[n];
        viaLow = new long[n];
        for (int i = 0; i < n; i++) {
            Entry e = sorted.get(i);
            IpAddress a = e.prefix().address();
            int bits = e.prefix().prefixLength();
            family[i] = a.isV4() ? 4 : 6;
            if (a.isV4()) {
                maskLow[i] = bits == 0 ? 0 : (0xFFFF_FFFFL << (32 - bits)) & 0xFFFF_FFFFL;
            } else {
                maskHigh[i] = bits == 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
                maskLow[i] = bits <= 64 ? 0 : -1L << (128 - bits);
            }
            netHigh[i] = a.high() & maskHigh[i];
            netLow[i] = a.low() & maskLow[i];
            egress[i] = e.kind() == Kind.LOCAL ? LOCAL : e.interfaceIndex();
            kind[i] = e.kind();
            if (e.via() != null) {
                viaHigh[i] = e.via().high();
                viaLow[i] = e.via().low();
            }
        }
    }

    /**
     * The routes of a config: own addresses of data interfaces (LOCAL), their subnets (CONNECTED), static routes
     * (VIA), plus the groups the host path must see: IPv4 multicast and limited broadcast (RFC 1112, RFC 919),
     * IPv6 multicast (RFC 4291 §2.7), where Neighbor Discovery solicitations go.
     */
    public static RoutingTable fromConfig(NodeConfig config) {
        List<Entry> list = new ArrayList<>();
        for (InterfaceConfig ic : config.interfaces()) {
            if (ic.role() != InterfaceConfig.Role.DATA) {
                continue;
            }
            int index = PolicyCompiler.interfaceIndex(config, ic.name());
            for (Cidr c : ic.addresses()) {
                list.add(new Entry(Kind.LOCAL, new Cidr(c.address(), c.address().family().bits()), index, null));
                list.add(new Entry(Kind.CONNECTED, c.network(), index, null));
            }
        }
        for (RouteConfig r : config.routes()) {
            int index = PolicyCompiler.interfaceIndex(config, r.interfaceName());
            list.add(new Entry(Kind.VIA, r.to().network(), index, r.via()));
        }
        list.add(new Entry(Kind.LOCAL, parse("224.0.0.0/4"), LOCAL, null));
        list.add(new Entry(Kind.LOCAL, parse("255.255.255.255/32"), LOCAL, null));
        list.add(new Entry(Kind.LOCAL, parse("ff00::/8"), LOCAL, null));
        return new RoutingTable(list);
    }

    private static Cidr parse(String text) {
        return Cidr.parse(text, true).value();
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The index of the best route for the address at {@code offset} (4 or 16 bytes by family), or -1. */
    public int lookup(int addressFamily, byte[] address, int offset) {
        long high;
        long low;
        if (addressFamily == 4) {
            if (offset < 0 || offset + 4 > address.length) {
                return -1;
            }
            high = 0;
            low = readInt(address, offset) & 0xFFFF_FFFFL;
        } else if (addressFamily == 6) {
            if (offset < 0 || offset + 16 > address.length) {
                return -1;
            }
            high = readLong(address, offset);
            low = readLong(address, offset + 8);
        } else {
            return -1;
        }
        for (int i = 0; i < family.length; i++) {
            if (family[i] == addressFamily && (high & maskHigh[i]) == netHigh[i] && (low & maskLow[i]) == netLow[i]) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int egressInterface(int addressFamily, byte[] address, int offset) {
        int route = lookup(addressFamily, address, offset);
        return route < 0 ? NONE : egress[route];
    }

    public Kind kind(int route) {
        return kind[route];
    }

    /** {@link Router#LOCAL} or the 1-based interface index. */
    public int interfaceOf(int route) {
        return egress[route];
    }

    /** True when the next hop is a configured gateway; false when it is the destination itself. */
    public boolean hasGateway(int route) {
        return kind[route] == Kind.VIA;
    }

    /** The gateway's upper 64 bits (IPv6), for a {@link Kind#VIA} route. */
    public long gatewayHigh(int route) {
        return viaHigh[route];
    }

    /** The gateway's lower 64 bits (the IPv4 address in the low 32 bits), for a {@link Kind#VIA} route. */
    public long gatewayLow(int route) {
        return viaLow[route];
    }

    static int readInt(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }

    static long readLong(byte[] b, int o) {
        return (long) readInt(b, o) << 32 | (readInt(b, o + 4) & 0xFFFF_FFFFL);
    }
}
