package io.fw443.sync;

import io.fw443.table.FlowRecord;

/**
 * The merge rule of replication, as a pure function over two records: never move a flow backwards.
 *
 * <p>Two live copies of one connection are joined field by field, each field by its own monotone rule, so the
 * result does not depend on the order, number or duplication of the updates that produced it (the join is
 * commutative, associative and idempotent; every member converges to the join of all updates it saw):
 * <ul>
 *   <li>TCP state: the further along in {@link TcpStates#rank} (pfsync: states only advance);</li>
 *   <li>window edges per direction: {@code end} and {@code maxEnd} by sequence-number arithmetic (RFC 1982 style
 *       serial comparison), {@code maxWindow} and the window scale by plain max; a direction whose
 *       {@code maxWindow} is 0 has not been seen and takes the other copy's values;</li>
 *   <li>sticky flags (seen reply, assured, TLS checked, denied) and per-direction TCP flags: union, so a deny
 *       is never undone by a stale copy;</li>
 *   <li>packet and byte counters: max;</li>
 *   <li>last seen: the later;</li>
 *   <li>the TLS summary (SNI and JA4 hashes, TLS version, ALPN): the greater, an inspected one over none, so
 *       two members that inspected the flow independently keep the same one;</li>
 *   <li>everything else (version, origin, expiry, zones, rule, opener side): from the <em>winner</em>, the copy
 *       with the higher version, ties broken by origin node and then by those fields, so every member picks the
 *       same one.</li>
 * </ul>
 * Two exceptions replace the join with "the newer version wins outright": a tombstone (deleted flow) against
 * anything, ties going to the tombstone; and a TCP opener (SYN_SENT/SYN_SENT2) with a newer version over a finished
 * connection (TIME_WAIT/CLOSE), which is a new connection on a reused tuple, not a stale update.
 *
 * <p>Local-only data does not take part: times are compared only as described, and the IMPORTED and PICKUP flags
 * and the directions' pickup anchoring of the result are the local copy's (the caller marks imports).
 */
public final class FlowMerge {
    /** Flags that travel and, once set, stay set. */
    static final int STICKY_FLAGS = FlowRecord.FLAG_SEEN_REPLY | FlowRecord.FLAG_ASSURED
            | FlowRecord.FLAG_TLS_CHECKED | FlowRecord.FLAG_DENIED;
    /** Flags that describe this node's copy only and never travel. */
    public static final int LOCAL_FLAGS = FlowRecord.FLAG_IMPORTED | FlowRecord.FLAG_PICKUP;
    /** Flags that travel. */
    public static final int WIRE_FLAGS = 0xFF & ~LOCAL_FLAGS;
    /** Per-direction TCP flags that travel: a direction's pickup anchoring is this node's, never a peer's. */
    public static final int WIRE_TCP_FLAGS = 0xFF & ~FlowRecord.TCP_PICKUP_ANCHORED;

    private FlowMerge() {}

    /**
     * Merges {@code incoming} into {@code local} and writes the record to keep into {@code out} (memory distinct from
     * both). For {@link MergeOutcome#KEEP_LOCAL_SEND_BACK} and {@link MergeOutcome#IGNORE_DUPLICATE}, {@code out}
     * equals {@code local}.
     *
     * @param tcp whether the flow is TCP (only then do TCP states and windows follow the progress rules)
     */
    public static MergeOutcome merge(boolean tcp, FlowRecord local, FlowRecord incoming, FlowRecord out) {
        boolean localDead = local.hasFlag(FlowRecord.FLAG_TOMBSTONE);
        boolean incomingDead = incoming.hasFlag(FlowRecord.FLAG_TOMBSTONE);
        long lv = local.version();
        long iv = incoming.version();
        if (localDead || incomingDead) {
            boolean incomingWins = localDead && incomingDead ? iv > lv : incomingDead ? iv >= lv : iv > lv;
            if (localDead && incomingDead && iv == lv) {
                out.copyFrom(local);
                return MergeOutcome.IGNORE_DUPLICATE;
            }
            return incomingWins ? replace(local, incoming, out) : keep(local, out);
        }
        if (tcp && TcpStates.valid(local.state()) && TcpStates.valid(incoming.state())) {
            if (TcpStates.isFinished(local.state()) && TcpStates.isOpener(incoming.state()) && iv > lv) {
                return replace(local, incoming, out);
            }
            if (TcpStates.isFinished(incoming.state()) && TcpStates.isOpener(local.state()) && lv > iv) {
                return keep(local, out);
            }
        }
        join(tcp, local, incoming, out);
        boolean sameAsLocal = sameContent(out, local);
        boolean sameAsIncoming = sameContent(out, incoming);
        if (sameAsLocal) {
            return sameAsIncoming ? MergeOutcome.IGNORE_DUPLICATE : MergeOutcome.KEEP_LOCAL_SEND_BACK;
        }
        return sameAsIncoming ? MergeOutcome.APPLY : MergeOutcome.APPLY_SEND_BACK;
    }

    private static MergeOutcome replace(FlowRecord local, FlowRecord incoming, FlowRecord out) {
        out.copyFrom(incoming);
        out.flags((incoming.flags() & WIRE_FLAGS) | (local.flags() & LOCAL_FLAGS));
        for (int dir = 0; dir < 2; dir++) {
            out.tcpFlags(dir, localTcpFlags(incoming.tcpFlags(dir), local, dir));
        }
        return MergeOutcome.APPLY;
    }

    private static MergeOutcome keep(FlowRecord local, FlowRecord out) {
        out.copyFrom(local);
        return MergeOutcome.KEEP_LOCAL_SEND_BACK;
    }

    private static void join(boolean tcp, FlowRecord local, FlowRecord incoming, FlowRecord out) {
        FlowRecord winner = winner(tcp, local, incoming) >= 0 ? local : incoming;
        FlowRecord other = winner == local ? incoming : local;
        out.copyFrom(winner);
        if (tcp && TcpStates.valid(other.state()) && TcpStates.valid(winner.state())
                && TcpStates.rank(other.state()) > TcpStates.rank(winner.state())) {
            out.state(other.state());
        }
        int flags = (winner.flags() & WIRE_FLAGS) | (other.flags() & STICKY_FLAGS);
        out.flags((flags & WIRE_FLAGS) | (local.flags() & LOCAL_FLAGS));
        if (compareTls(other, winner) > 0) {
            out.alpn(other.alpn()).tlsVersion(other.tlsVersion()).sniHash(other.sniHash()).ja4Hash(other.ja4Hash());
        }
        for (int dir = 0; dir < 2; dir++) {
            if (tcp) {
                joinWindow(dir, winner, other, out);
            }
            out.windowScale(dir, Math.max(winner.windowScale(dir), other.windowScale(dir)));
            out.tcpFlags(dir, localTcpFlags(winner.tcpFlags(dir) | other.tcpFlags(dir), local, dir));
            out.packets(dir, (int) Math.max(Integer.toUnsignedLong(winner.packets(dir)),
                    Integer.toUnsignedLong(other.packets(dir))));
        }
        if (Long.compareUnsigned(other.bytes(), winner.bytes()) > 0) {
            out.bytes(other.bytes());
        }
        out.lastSeenNs(Math.max(winner.lastSeenNs(), other.lastSeenNs()));
    }

    /**
     * Orders TLS summaries: an inspected one over none, then by content, so two members that inspected one flow
     * independently keep the same one.
     */
    private static int compareTls(FlowRecord a, FlowRecord b) {
        int c = Boolean.compare(a.hasFlag(FlowRecord.FLAG_TLS_CHECKED), b.hasFlag(FlowRecord.FLAG_TLS_CHECKED));
        if (c != 0) return c;
        c = Long.compareUnsigned(a.sniHash(), b.sniHash());
        if (c != 0) return c;
        c = Long.compareUnsigned(a.ja4Hash(), b.ja4Hash());
        if (c != 0) return c;
        c = Integer.compare(a.tlsVersion(), b.tlsVersion());
        return c != 0 ? c : Integer.compare(a.alpn(), b.alpn());
    }

    private static void joinWindow(int dir, FlowRecord winner, FlowRecord other, FlowRecord out) {
        if (other.maxWindow(dir) == 0) {
            return;
        }
        if (winner.maxWindow(dir) == 0) {
            out.end(dir, other.end(dir)).maxEnd(dir, other.maxEnd(dir)).maxWindow(dir, other.maxWindow(dir));
            return;
        }
        out.end(dir, seqMax(winner.end(dir), other.end(dir)));
        out.maxEnd(dir, seqMax(winner.maxEnd(dir), other.maxEnd(dir)));
        out.maxWindow(dir, (int) Math.max(Integer.toUnsignedLong(winner.maxWindow(dir)),
                Integer.toUnsignedLong(other.maxWindow(dir))));
    }

    /** {@code wire}'s travelling TCP flags with {@code local}'s own pickup anchoring of direction {@code dir}. */
    private static int localTcpFlags(int wire, FlowRecord local, int dir) {
        return (wire & WIRE_TCP_FLAGS) | (local.tcpFlags(dir) & FlowRecord.TCP_PICKUP_ANCHORED);
    }

    /**
     * Whether {@code merged} moved a window edge of {@code local} forward: a peer has carried the flow's packets
     * that this node has not seen. Its edges are then as old as the peer's last refresh (a few hundred packets at
     * most), and the acks of data sent since would fail a strict check here: the flow must be picked up again.
     */
    public static boolean advancesWindows(FlowRecord local, FlowRecord merged) {
        for (int dir = 0; dir < 2; dir++) {
            if (merged.maxWindow(dir) != 0 && (local.maxWindow(dir) == 0 || merged.end(dir) - local.end(dir) > 0
                    || merged.maxEnd(dir) - local.maxEnd(dir) > 0)) {
                return true;
            }
        }
        return false;
    }

    /** The later of two 32-bit sequence numbers, modulo 2^32 (RFC 793 section 3.3 comparison). */
    public static int seqMax(int a, int b) {
        return b - a > 0 ? b : a;
    }

    /**
     * Orders two copies for the "winner" rule: by version, then origin node, then the fields the winner supplies.
     * A join keeps its winner's version, origin and those fields, so it ties with its winner the same way its
     * winner did: the choice does not depend on the order of merges. 0 only when those fields are equal.
     */
    static int winner(boolean tcp, FlowRecord a, FlowRecord b) {
        int c = Long.compare(a.version(), b.version());
        if (c != 0) return c;
        c = Integer.compare(a.originNode(), b.originNode());
        if (c != 0) return c;
        c = tcp ? 0 : Integer.compare(a.state(), b.state());
        if (c != 0) return c;
        c = Integer.compare(a.flags() & FlowRecord.FLAG_ORIGINAL_FROM_HIGH,
                b.flags() & FlowRecord.FLAG_ORIGINAL_FROM_HIGH);
        if (c != 0) return c;
        c = Integer.compare(a.zone(0), b.zone(0));
        if (c != 0) return c;
        c = Integer.compare(a.zone(1), b.zone(1));
        return c != 0 ? c : Integer.compare(a.ruleIndex(), b.ruleIndex());
    }

    /** Whether two records carry the same replicated content (local times and local-only flags excluded). */
    public static boolean sameContent(FlowRecord a, FlowRecord b) {
        return compareContent(a, b) == 0;
    }

    /** A total order over replicated content, field by field in layout order. */
    static int compareContent(FlowRecord a, FlowRecord b) {
        int c = Long.compare(a.version(), b.version());
        if (c != 0) return c;
        c = Integer.compare(a.state(), b.state());
        if (c != 0) return c;
        c = Integer.compare(a.flags() & WIRE_FLAGS, b.flags() & WIRE_FLAGS);
        if (c != 0) return c;
        c = Integer.compare(a.alpn(), b.alpn());
        if (c != 0) return c;
        for (int dir = 0; dir < 2; dir++) {
            c = Integer.compare(a.windowScale(dir), b.windowScale(dir));
            if (c != 0) return c;
            c = Integer.compare(a.tcpFlags(dir) & WIRE_TCP_FLAGS, b.tcpFlags(dir) & WIRE_TCP_FLAGS);
            if (c != 0) return c;
            c = Integer.compare(a.end(dir), b.end(dir));
            if (c != 0) return c;
            c = Integer.compare(a.maxEnd(dir), b.maxEnd(dir));
            if (c != 0) return c;
            c = Integer.compare(a.maxWindow(dir), b.maxWindow(dir));
            if (c != 0) return c;
            c = Integer.compare(a.zone(dir), b.zone(dir));
            if (c != 0) return c;
            c = Integer.compare(a.packets(dir), b.packets(dir));
            if (c != 0) return c;
        }
        c = Integer.compare(a.originNode(), b.originNode());
        if (c != 0) return c;
        c = Integer.compare(a.tlsVersion(), b.tlsVersion());
        if (c != 0) return c;
        c = Integer.compare(a.ruleIndex(), b.ruleIndex());
        if (c != 0) return c;
        c = Long.compare(a.sniHash(), b.sniHash());
        if (c != 0) return c;
        c = Long.compare(a.ja4Hash(), b.ja4Hash());
        if (c != 0) return c;
        return Long.compare(a.bytes(), b.bytes());
    }

    /**
     * A 64-bit fingerprint of a record's replicated content (what {@link #sameContent} compares), for the
     * anti-entropy digests: equal content gives equal fingerprints on every node.
     */
    public static long contentHash(FlowRecord r) {
        long h = mix(r.version());
        h = mix(h ^ ((long) r.state() << 48 | (long) (r.flags() & WIRE_FLAGS) << 40 | (long) r.alpn() << 32
                | (long) r.originNode() << 16 | r.tlsVersion()));
        for (int dir = 0; dir < 2; dir++) {
            h = mix(h ^ ((long) r.windowScale(dir) << 56 | (long) (r.tcpFlags(dir) & WIRE_TCP_FLAGS) << 48
                    | (long) r.zone(dir) << 40
                    | r.ruleIndex()));
            h = mix(h ^ ((long) r.end(dir) << 32 | (r.maxEnd(dir) & 0xFFFF_FFFFL)));
            h = mix(h ^ ((long) r.maxWindow(dir) << 32 | (r.packets(dir) & 0xFFFF_FFFFL)));
        }
        h = mix(h ^ r.sniHash());
        h = mix(h ^ r.ja4Hash());
        return mix(h ^ r.bytes());
    }

    /** The 64-bit finaliser of MurmurHash3 / SplitMix64: spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
