package io.fw443.tls.quic;

/**
 * What a {@link QuicInspector} remembers of one UDP flow between datagrams: its Initial keys (derived once per
 * DCID), the largest Initial packet number seen, and the CRYPTO stream being reassembled. About 18 KiB with the
 * default capacity; {@link #reset()} makes it reusable from a pool.
 */
public final class QuicInitialFlow
{
    final QuicInitialKeys keys = new QuicInitialKeys();
    final CryptoFrameReassembler reassembler;
    long largestPacketNumber = -1;
    QuicVersion version;

    public QuicInitialFlow()
    {
        this(CryptoFrameReassembler.DEFAULT_CAPACITY_BYTES);
    }

    /** @param capacityBytes the longest ClientHello accepted, handshake header included. */
    public QuicInitialFlow(final int capacityBytes)
    {
        reassembler = new CryptoFrameReassembler(capacityBytes);
    }

    /** Forgets everything, for reuse by another flow. */
    public void reset()
    {
        keys.reset();
        reassembler.reset();
        largestPacketNumber = -1;
        version = null;
    }

    /** @return {@link QuicStatus#NEED_MORE} or the terminal status the flow reached. */
    public QuicStatus status()
    {
        return reassembler.status();
    }

    /** @return the reason of {@link #status()}. */
    public QuicReason reason()
    {
        return reassembler.reason();
    }

    /**
     * @return the buffer holding the ClientHello handshake message (msg_type, uint24 length, body) from index 0,
     *         valid once {@link #status()} is {@link QuicStatus#COMPLETE}; no TLS record header.
     */
    public byte[] helloBuffer()
    {
        return reassembler.buffer();
    }

    /** @return length of the ClientHello message in {@link #helloBuffer()}, 0 until complete. */
    public int helloLength()
    {
        return reassembler.helloLength();
    }

    /** @return the version of the last Initial packet decrypted, null before the first. */
    public QuicVersion version()
    {
        return version;
    }
}
