package io.fw443.mgmt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Netty's aggregator with a small cap, answering an oversized request with the API's JSON 413 instead of an empty
 * one, then closing (the rest of the body is not worth reading).
 */
final class BoundedAggregator extends HttpObjectAggregator {
    private final ManagementApi api;

    BoundedAggregator(ManagementApi api, int maxContentBytes) {
        super(maxContentBytes);
        this.api = api;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        ApiHandler.send(ctx, api.error(ManagementApi.PAYLOAD_TOO_LARGE, "request too large",
                "request bodies are limited to " + maxContentLength() + " bytes"), false);
    }
}
