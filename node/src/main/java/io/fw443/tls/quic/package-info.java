/**
 * QUIC Initial inspection for UDP 443: a firewall cannot see the SNI/ALPN of a QUIC connection without removing the
 * Initial packet protection, whose keys are derived from public values (RFC 9001 §5.2, RFC 9369 §3.3). This package
 * parses long headers, derives the Initial keys, removes header and packet protection and reassembles the client's
 * CRYPTO stream until it holds a whole ClientHello, so the same TLS policy as on TCP 443 can be applied to it.
 *
 * <p>Entry point: {@link io.fw443.tls.quic.QuicInspector} (one per engine worker thread) offered datagrams together
 * with a {@link io.fw443.tls.quic.QuicInitialFlow} (one per UDP flow under inspection). Design note:
 * {@code docs/design/quic.md}.
 */
package io.fw443.tls.quic;
