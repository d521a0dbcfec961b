/**
 * TLS inspection of the first flight of a flow, so that the policy can judge a TLS connection before
 * its handshake completes: TCP reassembly of the client's first flight up to a fixed bound
 * ({@link io.fw443.tls.ClientHelloReassembler}), allocation-free ClientHello / ServerHello parsing over
 * TLS records or raw handshake bytes (the latter for QUIC CRYPTO streams), and the JA3 / JA3S / JA4
 * fingerprints. Parsers never throw on bad input: they return a {@link io.fw443.tls.TlsParseStatus}
 * and a {@link io.fw443.tls.TlsReason}. A rule's conditions on that flight are compiled into
 * {@link io.fw443.tls.TlsConditions}; the engine keeps its flows under inspection in a bounded
 * {@link io.fw443.tls.TlsInspection} and the SNI/JA4 texts behind record hashes in a
 * {@link io.fw443.tls.LabelDictionary} (docs/design/tls-policy.md).
 */
package io.fw443.tls;
