package io.fw443.node;

import io.fw443.conntrack.TcpState;
import io.fw443.conntrack.UdpState;
import io.fw443.dataplane.LongClock;
import io.fw443.mgmt.FlowQuery;
import io.fw443.mgmt.FlowView;
import io.fw443.mgmt.FlowsPage;
import io.fw443.packet.IpProtocols;
import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;
import io.fw443.table.FlowTable;
import io.fw443.tls.AlpnCode;
import io.fw443.tls.LabelDictionary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /flows} over the live table: walks it segment by segment ({@link FlowTable#forEachInSegment}), filters in
 * the walk on the key and record bytes, copies the matching entries out and builds the {@link FlowView}s after the
 * segment lock is released, so engines wait only for the byte comparisons.
 *
 * <p>The cursor is {@code <segment>.<position>}: the entry's index in that segment's walk order. Entries that come or
 * go between two pages can shift a page by that many (a live table has no stable order); none is ever listed twice
 * within one page. A page may hold fewer than {@code limit} flows and still carry a cursor when the walk used up its
 * budget of {@value #SCAN_BUDGET} entries, so one request never holds the table for long.
 */
final class FlowPager {
    static final int SCAN_BUDGET = 1 << 20;
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})");
    private static final long NS_PER_SECOND = 1_000_000_000L;
    private static final int NO_STATE = -1;

    private final FlowTable table;
    private final Supplier<List<LabelDictionary>> labels;
    private final IntFunction<String> nodeName;
    private final LongClock clock;

    /**
     * @param labels   the engines' SNI/JA4 dictionaries, searched in order
     * @param nodeName a record's origin node number to the name the API shows
     */
    FlowPager(FlowTable table, Supplier<List<LabelDictionary>> labels, IntFunction<String> nodeName, LongClock clock) {
        this.table = table;
        this.labels = labels;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    FlowsPage page(FlowQuery query) throws FlowQuery.InvalidParameterException {
        int segment = 0;
        int position = 0;
        if (query.cursor() != null) {
            Matcher m = CURSOR.matcher(query.cursor());
            if (!m.matches() || Integer.parseInt(m.group(1)) >= table.segmentCount()) {
                throw new FlowQuery.InvalidParameterException("cursor", "not a cursor returned by this node");
            }
            segment = Integer.parseInt(m.group(1));
            position = Integer.parseInt(m.group(2));
        }
        List<LabelDictionary> dictionaries = labels.get();
        Walk walk = new Walk(query, dictionaries);
        long scanned = 0;
        String next = null;
        for (int s = segment; s < table.segmentCount(); s++) {
            walk.startSegment(s == segment ? position : 0);
            scanned += table.forEachInSegment(s, Walk::visit, walk);
            if (walk.found.size() > query.limit()) {
                next = s + "." + walk.extraPosition;
                walk.found.remove(walk.found.size() - 1);
                break;
            }
            if (scanned >= SCAN_BUDGET && s + 1 < table.segmentCount()) {
                next = (s + 1) + ".0";
                break;
            }
        }
        long nowNs = clock.nowNs();
        List<FlowView> views = new ArrayList<>(walk.found.size());
        FlowKey key = new FlowKey();
        FlowRecord record = new FlowRecord();
        for (byte[] entry : walk.found) {
            key.setBytes(entry, 0);
            record.wrap(entry, FlowKey.LENGTH);
            views.add(view(key, record, dictionaries, nowNs));
        }
        return new FlowsPage(views, next);
    }

    private FlowView view(FlowKey key, FlowRecord r, List<LabelDictionary> dictionaries, long nowNs) {
        boolean fromHigh = r.hasFlag(FlowRecord.FLAG_ORIGINAL_FROM_HIGH);
        List<String> flags = new ArrayList<>(3);
        if (r.hasFlag(FlowRecord.FLAG_PICKUP)) {
            flags.add("pickup");
        }
        if (r.hasFlag(FlowRecord.FLAG_TLS_CHECKED)) {
            flags.add("tls-checked");
        }
        if (r.hasFlag(FlowRecord.FLAG_DENIED)) {
            flags.add("denied");
        }
        String alpn = r.alpn() == AlpnCode.NONE ? null : AlpnCode.name(r.alpn());
        return new FlowView(protocol(key.protocol()),
                key.address(fromHigh), fromHigh ? key.highPort() : key.lowPort(),
                key.address(!fromHigh), fromHigh ? key.lowPort() : key.highPort(),
                state(key.protocol(), r.state()),
                label(dictionaries, r.sniHash()), label(dictionaries, r.ja4Hash()), alpn, tlsVersion(r.tlsVersion()),
                null, Math.max(0, (nowNs - r.lastSeenNs()) / NS_PER_SECOND),
                Integer.toUnsignedLong(r.packets(0)) + Integer.toUnsignedLong(r.packets(1)), r.bytes(),
                nodeName.apply(r.originNode()), flags);
    }

    static String protocol(int protocol) {
        return switch (protocol) {
            case IpProtocols.TCP -> "tcp";
            case IpProtocols.UDP -> "udp";
            case IpProtocols.ICMP -> "icmp";
            case IpProtocols.ICMPV6 -> "icmpv6";
            default -> Integer.toString(protocol);
        };
    }

    /** TCP flows hold a {@link TcpState} code, every other protocol a {@link UdpState} code. */
    static String state(int protocol, int code) {
        Enum<?> state = protocol == IpProtocols.TCP ? TcpState.fromCode(code) : UdpState.fromCode(code);
        return state == null ? "unknown-" + code : state.name().toLowerCase(Locale.ROOT);
    }

    /** {@code 0x0304} to {@code 1.3} (RFC 8446 §4.2.1 numbering); null for none. */
    static String tlsVersion(int version) {
        if (version == 0) {
            return null;
        }
        if (version >>> 8 == 3 && (version & 0xFF) >= 1) {
            return "1." + ((version & 0xFF) - 1);
        }
        return String.format(Locale.ROOT, "0x%04x", version);
    }

    private static String label(List<LabelDictionary> dictionaries, long hash) {
        if (hash == 0) {
            return null;
        }
        for (LabelDictionary d : dictionaries) {
            String text = d.get(hash);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    /** One request's walk: the filters as bytes and codes, and the copied matches (key then record bytes). */
    private static final class Walk {
        final FlowQuery query;
        final List<LabelDictionary> dictionaries;
        final byte[] address;
        final byte[] src;
        final byte[] dst;
        final int tcpState;
        final int udpState;
        final List<byte[]> found = new ArrayList<>();
        int skip;
        int index;
        int extraPosition;

        Walk(FlowQuery query, List<LabelDictionary> dictionaries) {
            this.query = query;
            this.dictionaries = dictionaries;
            this.address = query.address() == null ? null : query.address().getAddress();
            this.src = query.src() == null ? null : query.src().getAddress();
            this.dst = query.dst() == null ? null : query.dst().getAddress();
            int tcp = NO_STATE;
            int udp = NO_STATE;
            if (query.state() != null) {
                for (TcpState t : TcpState.values()) {
                    if (t.name().equalsIgnoreCase(query.state())) {
                        tcp = t.code();
                    }
                }
                for (UdpState u : UdpState.values()) {
                    if (u.name().equalsIgnoreCase(query.state())) {
                        udp = u.code();
                    }
                }
            }
            this.tcpState = tcp;
            this.udpState = udp;
        }

        void startSegment(int skipEntries) {
            skip = skipEntries;
            index = 0;
        }

        static FlowTable.Visit visit(FlowKey key, FlowRecord record, Walk w) {
            int at = w.index++;
            if (at < w.skip || record.hasFlag(FlowRecord.FLAG_TOMBSTONE) || !w.matches(key, record)) {
                return FlowTable.Visit.KEEP;
            }
            byte[] copy = new byte[FlowKey.LENGTH + FlowRecord.LENGTH];
            System.arraycopy(key.bytes(), 0, copy, 0, FlowKey.LENGTH);
            record.copyTo(copy, FlowKey.LENGTH);
            w.found.add(copy);
            if (w.found.size() > w.query.limit()) {
                w.extraPosition = at;
                return FlowTable.Visit.STOP;
            }
            return FlowTable.Visit.KEEP;
        }

        private boolean matches(FlowKey key, FlowRecord r) {
            FlowQuery q = query;
            boolean fromHigh = r.hasFlag(FlowRecord.FLAG_ORIGINAL_FROM_HIGH);
            if (address != null && !endpointIs(key, false, address) && !endpointIs(key, true, address)) {
                return false;
            }
            if (src != null && !endpointIs(key, fromHigh, src)) {
                return false;
            }
            if (dst != null && !endpointIs(key, !fromHigh, dst)) {
                return false;
            }
            if (q.port() != null && key.lowPort() != q.port() && key.highPort() != q.port()) {
                return false;
            }
            if (q.state() != null
                    && r.state() != (key.protocol() == IpProtocols.TCP ? tcpState : udpState)) {
                return false;
            }
            return q.sni() == null || q.sni().matches(label(dictionaries, r.sniHash()));
        }

        private static boolean endpointIs(FlowKey key, boolean high, byte[] address) {
            if (address.length != key.addressLength()) {
                return false;
            }
            int off = high ? FlowKey.HIGH_ADDRESS_OFFSET : FlowKey.LOW_ADDRESS_OFFSET;
            byte[] b = key.bytes();
            for (int i = 0; i < address.length; i++) {
                if (b[off + i] != address[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
