package io.fw443.mgmt;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler: hands each whole request to {@link ManagementApi} and writes its answer. It runs on the API
 * executor, not the I/O thread, because backend calls may take a while (a reload, a walk of the flow table).
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final ManagementApi api;

    ApiHandler(ManagementApi api) {
        this.api = api;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            // The decoder discards the rest of the connection after a bad message: answer, then close.
            Throwable cause = req.decoderResult().cause();
            send(ctx, api.error(ManagementApi.BAD_REQUEST, "bad request", String.valueOf(cause.getMessage())), false);
            return;
        }
        ApiResponse r = api.handle(req.method().name(), req.uri(), req.content().readableBytes());
        send(ctx, r, HttpUtil.isKeepAlive(req));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("management connection closed: {}", cause.toString());
        ctx.close();
    }

    /** Writes {@code r} as an HTTP/1.1 response with a Content-Length, closing afterwards unless kept alive. */
    static void send(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive) {
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        r.headers().forEach(resp.headers()::set);
        HttpUtil.setKeepAlive(resp, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(resp);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
