package io.fw443.dataplane;

import io.fw443.config.Cidr;
import io.fw443.config.InterfaceConfig;
import io.fw443.config.IpAddress;
import io.fw443.config.NodeConfig;
import io.fw443.engine.PolicyCompiler;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What the data plane knows about one data interface: its index (1-based position in the config), MAC, MTU, own
 * addresses and connected subnets as primitives for the hot path, its neighbour cache, and where its frames go out.
 * Immutable but for the sink, which is set once the pcap port is open.
 */
public final class DataInterface {
    private final int index;
    private final InterfaceConfig config;
    private final byte[] mac;
    private final long macValue;
    private final int mtu;
    private final int[] v4Addresses;
    private final int[] v4Masks;
    private final long[] v6High;
    private final long[] v6Low;
    private final long[] v6MaskHigh;
    private final long[] v6MaskLow;
    private final byte[] firstV6Address;
    private final byte[] firstV4Address;
    private final NeighbourCache neighbours;
    /** The VRRP virtual addresses configured on this interface, owned or not. */
    private final int[] virtualV4;
    private volatile FrameSink sink = (frame, length) -> false;

    public DataInterface(int index, InterfaceConfig config, long macValue, NeighbourCache neighbours) {
        this(index, config, macValue, neighbours, List.of());
    }

    /** With {@code vips}: the VRRP virtual addresses of the groups on this interface. */
    public DataInterface(int index, InterfaceConfig config, long macValue, NeighbourCache neighbours,
                         List<Cidr> vips) {
        this.index = index;
        this.config = config;
        this.macValue = macValue;
        this.mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            mac[i] = (byte) (macValue >>> (40 - 8 * i));
        }
        this.mtu = config.mtu();
        List<Cidr> v4 = config.addresses().stream().filter(c -> c.address().isV4()).toList();
        List<Cidr> v6 = config.addresses().stream().filter(c -> !c.address().isV4()).toList();
        v4Addresses = new int[v4.size()];
        v4Masks = new int[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            v4Addresses[i] = (int) v4.get(i).address().low();
            int bits = v4.get(i).prefixLength();
            v4Masks[i] = bits == 0 ? 0 : -1 << (32 - bits);
        }
        v6High = new long[v6.size()];
        v6Low = new long[v6.size()];
        v6MaskHigh = new long[v6.size()];
        v6MaskLow = new long[v6.size()];
        for (int i = 0; i < v6.size(); i++) {
            IpAddress a = v6.get(i).address();
            int bits = v6.get(i).prefixLength();
            v6High[i] = a.high();
            v6Low[i] = a.low();
            v6MaskHigh[i] = bits == 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
            v6MaskLow[i] = bits <= 64 ? 0 : -1L << (128 - bits);
        }
        firstV4Address = v4.isEmpty() ? null : new byte[] {(byte) (v4Addresses[0] >>> 24),
            (byte) (v4Addresses[0] >>> 16), (byte) (v4Addresses[0] >>> 8), (byte) v4Addresses[0]};
        firstV6Address = v6.isEmpty() ? null : toBytes(v6High[0], v6Low[0]);
        this.neighbours = neighbours;
        this.virtualV4 = vips.stream().filter(c -> c.address().isV4()).mapToInt(c -> (int) c.address().low())
                .toArray();
    }

    /**
     * The data interfaces of a config, indexed by interface index (slot 0 and non-data interfaces null); the MAC of
     * each comes from its config or else from {@code deviceMac}.
     */
    public static DataInterface[] fromConfig(NodeConfig config, ToLongFunction<String> deviceMac,
                                             Supplier<NeighbourCache> caches) {
        DataInterface[] byIndex = new DataInterface[config.interfaces().size() + 1];
        for (InterfaceConfig ic : config.interfaces()) {
            if (ic.role() != InterfaceConfig.Role.DATA) {
                continue;
            }
            int index = PolicyCompiler.interfaceIndex(config, ic.name());
            long mac = ic.mac().isPresent() ? ic.mac().get().value() : deviceMac.applyAsLong(ic.device());
            List<Cidr> vips = config.vrrp().groups().stream().filter(g -> g.interfaceName().equals(ic.name()))
                    .flatMap(g -> g.vips().stream()).toList();
            byIndex[index] = new DataInterface(index, ic, mac, caches.get(), vips);
        }
        return byIndex;
    }

    static byte[] toBytes(long high, long low) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    public int index() {
        return index;
    }

    public String name() {
        return config.name();
    }

    public String device() {
        return config.device();
    }

    public InterfaceConfig config() {
        return config;
    }

    /** The interface MAC, 6 bytes; do not modify. */
    public byte[] mac() {
        return mac;
    }

    public long macValue() {
        return macValue;
    }

    public int mtu() {
        return mtu;
    }

    public boolean answersEcho() {
        return config.icmpEcho();
    }

    public boolean hasV4Address() {
        return v4Addresses.length > 0;
    }

    /** The first IPv4 address, big-endian; the source of what the node sends on this link. */
    public int v4Address() {
        return v4Addresses[0];
    }

    /** The first IPv4 address as 4 bytes, or null; do not modify. */
    public byte[] v4AddressBytes() {
        return firstV4Address;
    }

    /** The first address of {@code family} (4 or 6) as bytes, or null. */
    public byte[] addressBytes(int family) {
        return family == 4 ? firstV4Address : firstV6Address;
    }

    /** The first IPv6 address as 16 bytes, or null; do not modify. */
    public byte[] v6Address() {
        return firstV6Address;
    }

    public boolean ownsV4(int address) {
        for (int a : v4Addresses) {
            if (a == address) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for a VRRP virtual address of this interface, whether this node is Master or not: a host asking for it
     * uses the cluster as its gateway, so every node learns its MAC (a new Master then forwards without resolving).
     */
    public boolean isVirtualV4(int address) {
        for (int a : virtualV4) {
            if (a == address) {
                return true;
            }
        }
        return false;
    }

    public boolean ownsV6(long high, long low) {
        for (int i = 0; i < v6High.length; i++) {
            if (v6High[i] == high && v6Low[i] == low) {
                return true;
            }
        }
        return false;
    }

    /** True when the address is in one of this interface's IPv4 subnets. */
    public boolean onLinkV4(int address) {
        for (int i = 0; i < v4Addresses.length; i++) {
            if ((address & v4Masks[i]) == (v4Addresses[i] & v4Masks[i])) {
                return true;
            }
        }
        return false;
    }

    /** True when the address is in one of this interface's IPv6 subnets, or link-local (fe80::/10, RFC 4291). */
    public boolean onLinkV6(long high, long low) {
        if ((high >>> 54) == (0xFE80L >>> 6)) {
            return true;
        }
        for (int i = 0; i < v6High.length; i++) {
            if ((high & v6MaskHigh[i]) == (v6High[i] & v6MaskHigh[i])
                    && (low & v6MaskLow[i]) == (v6Low[i] & v6MaskLow[i])) {
                return true;
            }
        }
        return false;
    }

    public NeighbourCache neighbours() {
        return neighbours;
    }

    public FrameSink sink() {
        return sink;
    }

    /** Set once the port is open; until then sends fail. */
    public void sink(FrameSink frameSink) {
        this.sink = frameSink;
    }

    @Override
    public String toString() {
        return config.name() + "(" + config.device() + ")";
    }
}
