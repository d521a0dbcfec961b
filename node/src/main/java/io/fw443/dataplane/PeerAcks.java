package io.fw443.dataplane;

import java.util.concurrent.CompletableFuture;

/**
 * Sync insert, as the worker sees it: after the engine decided a frame, the acknowledgement its flow event asked the
 * peers for, if it asked (a new flow's opener, a handshake step), else null. The frame waits for it in
 * {@link HeldFrames}. Called on the worker thread after every decision, so a request never outlives its frame.
 */
public interface PeerAcks {
    CompletableFuture<Boolean> take();
}
