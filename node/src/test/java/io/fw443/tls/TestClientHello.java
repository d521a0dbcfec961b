package io.fw443.tls;

/**
 * A ClientHello for tests outside this package (engine, CLI): a modern browser-like hello (TLS 1.3 with 1.2
 * fallback, X25519 key share) whose SNI, ALPN, versions and ECH the test chooses. Built by {@link HelloBuilder}.
 */
public final class TestClientHello {
    private String sni;
    private String[] alpn = {};
    private int[] versions = {0x0304, 0x0303};
    private boolean ech;
    private int paddingBytes;

    public TestClientHello sni(String host) {
        sni = host;
        return this;
    }

    public TestClientHello alpn(String... protocols) {
        alpn = protocols;
        return this;
    }

    /** supported_versions entries; none: legacy_version 0x0303 alone (a TLS 1.2 client). */
    public TestClientHello versions(int... protocolVersions) {
        versions = protocolVersions;
        return this;
    }

    /** Adds an encrypted_client_hello extension (0xfe0d) with a filler payload. */
    public TestClientHello ech() {
        ech = true;
        return this;
    }

    /** Adds a padding extension (RFC 7685) of this many bytes, to make the hello span segments. */
    public TestClientHello padding(int bytes) {
        paddingBytes = bytes;
        return this;
    }

    /** The handshake message (type 1, uint24 length, body): what a QUIC CRYPTO stream carries. */
    public byte[] message() {
        HelloBuilder b = new HelloBuilder().ciphers(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f);
        if (sni != null) {
            b.sni(sni);
        }
        b.groups(0x001d, 0x0017).signatureAlgorithms(0x0403, 0x0804, 0x0401).pointFormats(0);
        if (alpn.length > 0) {
            b.alpn(alpn);
        }
        if (versions.length > 0) {
            b.supportedVersions(versions);
        }
        b.keyShares(0x001d, 32);
        if (ech) {
            b.extension(0xfe0d, new byte[] {0, 0, 1, 0, 1, 7, 0, 4, 1, 2, 3, 4, 0, 2, 9, 9});
        }
        if (paddingBytes > 0) {
            b.extension(0x0015, new byte[paddingBytes]);
        }
        return b.clientHello();
    }

    /** The hello in one TLS handshake record: what a TCP client's first flight carries. */
    public byte[] record() {
        return HelloBuilder.records(message(), 16384);
    }
}
