package io.fw443.policy;

/**
 * Conditions a rule puts on the first client flight of a TLS or QUIC flow (SNI, ALPN, version, JA4).
 * The policy only carries them: a rule matches on L3/L4 here, and the TLS inspector, which implements
 * this interface, decides later whether the accepted flow may continue.
 */
public interface L7Conditions {
}
