package io.fw443.config;

import java.time.Duration;

/**
 * Synchronous insert ("defer"): hold a new flow's first packet until a peer acknowledged the flow.
 *
 * @param enabled off by default
 * @param timeout forward anyway after this long, so a slow peer never blocks traffic for longer
 */
public record SyncInsertConfig(boolean enabled, Duration timeout) {
}
