package io.fw443.tls;

import java.util.Arrays;

/**
 * Per-flow reassembly of a TCP flow's first flight up to a fixed bound, for the hello parsers. The
 * engine forwards every segment regardless; this only copies what it is offered, so inspection never
 * holds traffic back. Handles out-of-order segments (a fixed table of received ranges), overlaps and
 * retransmissions (identical bytes are ignored; conflicting ones are {@link TlsReason#OVERLAP_MISMATCH},
 * since the two ends would then see different hellos). Bytes past the bound are dropped: a hello that
 * needs them ends {@link TlsParseStatus#TOO_LARGE}.
 *
 * <p>Sequence numbers are taken modulo 2^32, relative to the first payload byte (ISN+1) given to
 * {@link #init}. The parser runs only when the contiguous prefix reaches the length the previous
 * attempt said it needs, so a hello spread over k segments costs about one parse. Once the status is
 * terminal, offers return it at once. Instances are pooled ({@link ClientHelloReassemblerPool});
 * one direction of one flow per instance, used by one thread at a time.
 *
 * <pre>
 * relative offset 0                                          capacityBytes
 *                 |==== contiguous ====|..hole..|== range ==|.....|
 *                 ^ ISN+1              ^ parsed when it reaches neededBytes
 * </pre>
 */
public final class ClientHelloReassembler {
    /** Inspection bound: 16 KiB of first-flight bytes, record headers included. */
    public static final int DEFAULT_CAPACITY_BYTES = 16 * 1024;
    /** Disjoint received ranges tracked, so up to MAX_RANGES - 1 holes before the last one. */
    public static final int MAX_RANGES = 8;

    private final byte[] buffer;
    private final int[] rangeStart = new int[MAX_RANGES];
    private final int[] rangeEnd = new int[MAX_RANGES];
    private int rangeCount;
    private int initialSeq;
    private int neededBytes;
    private TlsParseStatus status = TlsParseStatus.NEED_MORE;
    private TlsReason reason = TlsReason.NONE;
    private boolean initialised;
    /** Pool bookkeeping: the owning pool (null if standalone) and whether it is on the free list. */
    ClientHelloReassemblerPool owner;
    boolean pooled;

    public ClientHelloReassembler() {
        this(DEFAULT_CAPACITY_BYTES);
    }

    public ClientHelloReassembler(int capacityBytes) {
        if (capacityBytes < TlsWire.RECORD_HEADER_BYTES + TlsWire.HANDSHAKE_HEADER_BYTES) {
            throw new IllegalArgumentException("capacityBytes too small: " + capacityBytes);
        }
        this.buffer = new byte[capacityBytes];
    }

    /** Starts a new flight whose first payload byte has sequence number {@code initialSeq} (ISN+1). */
    public void init(long initialSeq) {
        this.initialSeq = (int) initialSeq;
        this.rangeCount = 0;
        this.neededBytes = 1;
        this.status = TlsParseStatus.NEED_MORE;
        this.reason = TlsReason.NONE;
        this.initialised = true;
    }

    /**
     * Offers a client segment's payload and, when the contiguous prefix may now hold more of the
     * ClientHello, parses it into {@code out}. {@code out} holds the facts only after the call that
     * returns COMPLETE.
     */
    public TlsParseStatus offer(long seq, byte[] buf, int off, int len, ClientHelloParser parser, ClientHelloInfo out) {
        if (!accept(seq, buf, off, len)) {
            return status;
        }
        return settle(parser.parse(buffer, 0, contiguousBytes(), out), out.neededBytes(), out.reason());
    }

    /** As {@link #offer(long, byte[], int, int, ClientHelloParser, ClientHelloInfo)}, for a server's first flight. */
    public TlsParseStatus offer(long seq, byte[] buf, int off, int len, ServerHelloParser parser, ServerHelloInfo out) {
        if (!accept(seq, buf, off, len)) {
            return status;
        }
        return settle(parser.parse(buffer, 0, contiguousBytes(), out), out.neededBytes(), out.reason());
    }

    /** The current status: NEED_MORE until a terminal one is reached. */
    public TlsParseStatus status() {
        return status;
    }

    /** Why the status is MALFORMED; {@link TlsReason#NONE} otherwise. */
    public TlsReason reason() {
        return reason;
    }

    /** Bytes received without a gap from ISN+1. */
    public int contiguousBytes() {
        return rangeCount > 0 && rangeStart[0] == 0 ? rangeEnd[0] : 0;
    }

    /** Disjoint received ranges (1 when in order). */
    public int rangeCount() {
        return rangeCount;
    }

    public int capacityBytes() {
        return buffer.length;
    }

    /** Stores the segment; returns whether a parse attempt is due. */
    private boolean accept(long seq, byte[] buf, int off, int len) {
        if (!initialised) {
            throw new IllegalStateException("offer before init");
        }
        if (status.isTerminal() || len <= 0) {
            return false;
        }
        TlsReason why = store((int) seq - initialSeq, buf, off, len);
        if (why != TlsReason.NONE) {
            status = TlsParseStatus.MALFORMED;
            reason = why;
            return false;
        }
        return contiguousBytes() >= neededBytes;
    }

    private TlsParseStatus settle(TlsParseStatus parsed, int needed, TlsReason why) {
        if (parsed == TlsParseStatus.NEED_MORE) {
            neededBytes = needed;
            if (needed > buffer.length) {
                status = TlsParseStatus.TOO_LARGE;
            }
            return status;
        }
        status = parsed;
        reason = why;
        return status;
    }

    /**
     * Copies the part of [rel, rel+len) that lies inside the buffer and records the range. The
     * relative offset is a signed 32-bit difference, so sequence wrap-around needs no special case.
     */
    private TlsReason store(int rel, byte[] buf, int off, int len) {
        long start = rel;
        long end = start + len;
        if (end <= 0 || start >= buffer.length) {
            return TlsReason.NONE; // before the flight (e.g. a retransmitted SYN payload) or past the bound
        }
        if (start < 0) {
            off -= (int) start;
            start = 0;
        }
        int from = (int) start;
        int to = (int) Math.min(end, buffer.length);
        int first = 0;
        while (first < rangeCount && rangeEnd[first] < from) {
            first++;
        }
        int last = first;
        while (last < rangeCount && rangeStart[last] <= to) {
            int lo = Math.max(rangeStart[last], from);
            int hi = Math.min(rangeEnd[last], to);
            if (lo < hi && !Arrays.equals(buffer, lo, hi, buf, off + lo - from, off + hi - from)) {
                return TlsReason.OVERLAP_MISMATCH;
            }
            last++;
        }
        // Ranges first..last-1 overlap or touch [from, to): they merge into one.
        int merged = last - first;
        if (merged == 0 && rangeCount == MAX_RANGES) {
            return TlsReason.TOO_MANY_HOLES;
        }
        System.arraycopy(buf, off, buffer, from, to - from);
        int newStart = merged == 0 ? from : Math.min(from, rangeStart[first]);
        int newEnd = merged == 0 ? to : Math.max(to, rangeEnd[last - 1]);
        int shift = 1 - merged;
        if (shift != 0) {
            System.arraycopy(rangeStart, last, rangeStart, last + shift, rangeCount - last);
            System.arraycopy(rangeEnd, last, rangeEnd, last + shift, rangeCount - last);
            rangeCount += shift;
        }
        rangeStart[first] = newStart;
        rangeEnd[first] = newEnd;
        return TlsReason.NONE;
    }
}
