package io.fw443.tls.quic;

/**
 * Inspects the client-to-server datagrams of UDP flows until each flow's ClientHello is reassembled. One instance
 * per engine worker thread (it owns the ciphers, the HKDF, a plaintext scratch buffer and the counters); the state
 * of each flow lives in its {@link QuicInitialFlow}. Not thread-safe; no allocation per datagram beyond what the JCE
 * needs (see {@link QuicInitialDecryptor}), no locks, no logging, no exception for any input.
 *
 * <p>On a datagram (RFC 9000 §12.2, coalesced packets):
 * <ol>
 * <li>flow already decided: return its terminal status, reason {@link QuicReason#AFTER_DECISION};</li>
 * <li>first packet: short header, Version Negotiation, unknown version, or not an Initial: NOT_INITIAL /
 *     UNKNOWN_VERSION; a bad header or a datagram under 1200 bytes: UNDECRYPTABLE;</li>
 * <li>for each Initial packet with the first packet's DCID: derive keys if the DCID/version is new, remove header and
 *     packet protection, feed its frames to the reassembler; skip coalesced 0-RTT/Handshake packets; stop at a short
 *     header, a Retry, a different DCID or a broken header;</li>
 * <li>result: the flow's terminal status if it reached one, else UNDECRYPTABLE if some Initial failed to decrypt,
 *     else NEED_MORE.</li>
 * </ol>
 * Policy for packets that cannot be decrypted: they never change a flow's state (a server discards them unread,
 * RFC 9001 §5.5 and RFC 9000 §14.1, so spoofed junk cannot end a flow's inspection), they are reported as
 * UNDECRYPTABLE with a reason and counted; the engine drops them (fail closed), see docs/design/quic.md.
 */
public final class QuicInspector
{
    /** A client Initial must travel in a UDP payload of at least 1200 bytes (RFC 9000 §14.1). */
    public static final int MIN_INITIAL_DATAGRAM_BYTES = 1200;
    /** Largest UDP payload over IPv4 or non-jumbo IPv6: 65535 - 8 (RFC 768). */
    public static final int MAX_DATAGRAM_BYTES = 65_527;

    private final Hkdf hkdf = new Hkdf();
    private final QuicInitialDecryptor decryptor = new QuicInitialDecryptor();
    private final QuicLongHeaderFlyweight header = new QuicLongHeaderFlyweight();
    private final byte[] plaintext = new byte[MAX_DATAGRAM_BYTES];
    private final long[] counters = new long[QuicReason.count()];
    private long keyDerivations;
    private QuicReason lastReason = QuicReason.NONE;

    /**
     * Offers one client-to-server UDP payload of {@code flow}. The datagram is only read.
     *
     * @param flow     the flow's inspection state.
     * @param datagram holding the UDP payload.
     * @param offset   of the payload's first byte.
     * @param length   of the UDP payload.
     * @return what this datagram means for the flow; {@link #lastReason()} tells why.
     */
    public QuicStatus offer(final QuicInitialFlow flow, final byte[] datagram, final int offset, final int length)
    {
        if (flow.status().isTerminal())
        {
            return finish(flow.status(), QuicReason.AFTER_DECISION);
        }
        if (length <= 0)
        {
            return finish(QuicStatus.NOT_INITIAL, QuicReason.EMPTY_DATAGRAM);
        }
        if (length > MAX_DATAGRAM_BYTES)
        {
            return finish(QuicStatus.UNDECRYPTABLE, QuicReason.DATAGRAM_TOO_LONG);
        }
        final QuicReason first = header.wrap(datagram, offset, length);
        switch (first)
        {
            case NONE:
                break;
            case SHORT_HEADER:
                return finish(QuicStatus.NOT_INITIAL, first);
            case VERSION_NEGOTIATION:
            case UNSUPPORTED_VERSION:
                return finish(QuicStatus.UNKNOWN_VERSION, first);
            default:
                return header.packetType() != null && header.packetType() != QuicPacketType.INITIAL
                    ? finish(QuicStatus.NOT_INITIAL, QuicReason.NOT_INITIAL_PACKET)
                    : finish(QuicStatus.UNDECRYPTABLE, first);
        }
        if (header.packetType() != QuicPacketType.INITIAL)
        {
            return finish(QuicStatus.NOT_INITIAL, QuicReason.NOT_INITIAL_PACKET);
        }
        if (length < MIN_INITIAL_DATAGRAM_BYTES)
        {
            return finish(QuicStatus.UNDECRYPTABLE, QuicReason.DATAGRAM_TOO_SHORT);
        }

        final int dcidOffset = header.dcidOffset();
        final int dcidLength = header.dcidLength();
        final int end = offset + length;
        QuicReason failure = QuicReason.NONE;
        while (true)
        {
            if (header.packetType() == QuicPacketType.INITIAL)
            {
                final QuicReason r = unprotect(flow);
                if (r != QuicReason.NONE)
                {
                    failure = r;
                    break;
                }
                if (flow.status().isTerminal())
                {
                    break;
                }
            }
            else if (header.packetType() == QuicPacketType.RETRY)
            {
                break;
            }
            final int next = header.packetEnd();
            if (next >= end
                || header.wrap(datagram, next, end - next) != QuicReason.NONE
                || !header.sameDcid(datagram, dcidOffset, dcidLength))
            {
                break; // RFC 9000 §12.2: trailing junk or another connection's packet is ignored
            }
        }

        if (flow.status().isTerminal())
        {
            return finish(flow.status(), flow.reason());
        }
        if (failure != QuicReason.NONE)
        {
            return finish(QuicStatus.UNDECRYPTABLE, failure);
        }
        return finish(flow.status(), flow.reason());
    }

    private QuicReason unprotect(final QuicInitialFlow flow)
    {
        final QuicVersion version = header.version();
        if (!flow.keys.matchesClient(version, header.buffer(), header.dcidOffset(), header.dcidLength()))
        {
            flow.keys.deriveClient(hkdf, version, header.buffer(), header.dcidOffset(), header.dcidLength());
            keyDerivations++;
        }
        final QuicReason r = decryptor.decrypt(header, flow.keys, flow.largestPacketNumber, plaintext, 0);
        if (r == QuicReason.AEAD_FAILED || r == QuicReason.PACKET_TOO_SHORT)
        {
            return r;
        }
        flow.version = version;
        flow.largestPacketNumber = Math.max(flow.largestPacketNumber, decryptor.packetNumber());
        if (r == QuicReason.RESERVED_BITS_SET)
        {
            flow.reassembler.reject(r);
        }
        else
        {
            flow.reassembler.onPayload(plaintext, decryptor.payloadOffset(), decryptor.payloadLength());
        }
        return QuicReason.NONE;
    }

    private QuicStatus finish(final QuicStatus status, final QuicReason reason)
    {
        counters[reason.ordinal()]++;
        lastReason = reason;
        return status;
    }

    /** @return why the last {@link #offer} returned what it did. */
    public QuicReason lastReason()
    {
        return lastReason;
    }

    /** @return how many offered datagrams ended with {@code reason}. */
    public long count(final QuicReason reason)
    {
        return counters[reason.ordinal()];
    }

    /** @return how many times Initial keys were derived (once per flow, again only on a new DCID or version). */
    public long keyDerivations()
    {
        return keyDerivations;
    }
}
