/**
 * TLS inspection of the first flight of a flow, so that the policy can judge a TLS connection before
 * its handshake completes: TCP reassembly of the client's first flight up to a fixed bound
 * ({@link io.fw443.tls.ClientHelloReassembler}), allocation-free ClientHello / ServerHello parsing over
 * TLS records or raw handshake bytes (the latter for QUIC CRYPTO streams), and the JA3 / JA3S / JA4
 * fingerprints. Parsers never throw on bad input: they return a {@link io.fw443.tls.TlsParseStatus}
 * and a {@link io.fw443.tls.TlsReason}.
 */
package io.fw443.tls;
