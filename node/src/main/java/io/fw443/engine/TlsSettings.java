package io.fw443.engine;

/**
 * Sizes of an engine's TLS/QUIC first-flight inspection ({@link io.fw443.tls.TlsInspection}).
 *
 * @param slots          inspection table slots
 * @param tcpFlows       TCP flows inspected at once (16 KiB reassembly buffer each)
 * @param quicFlows      QUIC flows inspected at once (about 18 KiB each)
 * @param helloTimeoutNs time a flow has to complete its ClientHello; later, the incomplete-hello policy applies
 * @param labelSlots     SNI/JA4 label dictionary slots, when the engine creates its own
 */
public record TlsSettings(int slots, int tcpFlows, int quicFlows, long helloTimeoutNs, int labelSlots) {
    /** 1024 TCP + 256 QUIC flows at once (about 21 MiB per engine), 10 s to complete a hello. */
    public static TlsSettings defaults() {
        return new TlsSettings(4096, 1024, 256, 10_000_000_000L, 65_536);
    }

    /** Small pools for tests and tools. */
    public static TlsSettings small() {
        return new TlsSettings(256, 64, 16, 10_000_000_000L, 1024);
    }
}
