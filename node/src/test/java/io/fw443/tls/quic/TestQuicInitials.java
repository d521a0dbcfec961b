package io.fw443.tls.quic;

/** Client Initial datagrams for tests outside this package, protected with the RFC 9001 §5.2 Initial keys. */
public final class TestQuicInitials {
    private TestQuicInitials() {
    }

    /**
     * One 1200-byte client Initial (QUIC v1, packet number 0) whose CRYPTO frame carries {@code helloMessage}
     * (a ClientHello handshake message of at most about 1100 bytes).
     */
    public static byte[] clientInitial(byte[] dcid, byte[] helloMessage) {
        return QuicInitialProtector.clientInitial(QuicVersion.V1, dcid, 0,
                new Frames().crypto(helloMessage, 0, helloMessage.length));
    }

    /** As {@link #clientInitial}, with the CRYPTO frame's bytes split over two Initials (packet numbers 0 and 1). */
    public static byte[][] clientInitials(byte[] dcid, byte[] helloMessage, int cut) {
        return new byte[][] {
            QuicInitialProtector.clientInitial(QuicVersion.V1, dcid, 0, new Frames().crypto(helloMessage, 0, cut)),
            QuicInitialProtector.clientInitial(QuicVersion.V1, dcid, 1,
                    new Frames().crypto(helloMessage, cut, helloMessage.length))};
    }
}
