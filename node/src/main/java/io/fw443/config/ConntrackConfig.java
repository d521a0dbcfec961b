package io.fw443.config;

/**
 * Connection tracking.
 *
 * @param timeouts idle timeouts per state
 * @param pickup accept mid-stream TCP packets of flows imported from a peer, re-anchoring their
 *     windows (needed for takeover); false makes imported flows strict from the first packet
 */
public record ConntrackConfig(ConntrackTimeouts timeouts, boolean pickup) {
}
