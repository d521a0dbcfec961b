package io.fw443.conntrack;

import io.fw443.table.FlowRecord;

/**
 * Tracks UDP flows, QUIC on 443 above all. UDP has no handshake, so the flow's life is its timeout: short until
 * traffic came back and continued ({@link ConntrackTimeouts#udpNs()}), longer once it is a stream
 * ({@link ConntrackTimeouts#udpStreamNs()}). This is the rule of Linux before 5.x; Linux now also waits two seconds
 * before calling a flow a stream, which needs a creation time the record does not keep.
 */
public final class UdpTracker {
    private final ConntrackTimeouts timeouts;

    public UdpTracker(ConntrackTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    /** The state after a datagram in {@code dir} ({@link FlowDirection}). */
    public static UdpState next(UdpState state, int dir) {
        switch (state) {
            case UNREPLIED:
                return dir == FlowDirection.REPLY ? UdpState.REPLIED : UdpState.UNREPLIED;
            case REPLIED:
            case STREAM:
            default:
                return UdpState.STREAM;
        }
    }

    /** Starts tracking a flow from its first datagram, in the ORIGINAL direction. Any datagram may open one. */
    public void open(FlowRecord r, long nowNs) {
        r.clearFlag(FlowRecord.FLAG_SEEN_REPLY | FlowRecord.FLAG_ASSURED | FlowRecord.FLAG_PICKUP);
        r.state(UdpState.UNREPLIED.code());
        r.lastSeenNs(nowNs).expiresAtNs(nowNs + timeouts.udpNs());
    }

    /** Tracks one datagram of an existing flow: ACCEPT, or EXPIRED / BAD_INPUT / BAD_RECORD_STATE. */
    public TrackResult track(FlowRecord r, int dir, long nowNs) {
        if (!FlowDirection.valid(dir)) {
            return TrackResult.BAD_INPUT;
        }
        if (ConntrackTimeouts.expired(r, nowNs)) {
            return TrackResult.EXPIRED;
        }
        UdpState from = UdpState.fromCode(r.state());
        if (from == null) {
            return TrackResult.BAD_RECORD_STATE;
        }
        UdpState to = next(from, dir);
        r.state(to.code());
        if (dir == FlowDirection.REPLY) {
            r.setFlag(FlowRecord.FLAG_SEEN_REPLY);
        }
        if (to == UdpState.STREAM) {
            r.setFlag(FlowRecord.FLAG_ASSURED);
        }
        // Imported flows have nothing to re-anchor: UDP carries no sequence numbers.
        r.clearFlag(FlowRecord.FLAG_PICKUP);
        r.lastSeenNs(nowNs).expiresAtNs(nowNs + (to == UdpState.STREAM ? timeouts.udpStreamNs() : timeouts.udpNs()));
        return TrackResult.ACCEPT;
    }
}
