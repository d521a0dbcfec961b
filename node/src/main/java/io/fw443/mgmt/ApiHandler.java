package io.fw443.mgmt;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler: hands each whole request to {@link ManagementApi} and writes its answer. Backend calls may take
 * a while (a reload, a walk of the flow table), so they run on an API executor, not the I/O thread; one handler per
 * connection, bound to one single-threaded executor, so pipelined requests are answered in order (RFC 9112 §9.3.2).
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final ManagementApi api;
    private final EventExecutor executor;

    ApiHandler(ManagementApi api, EventExecutor executor) {
        this.api = api;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            // The decoder discards the rest of the connection after a bad message: answer, then close.
            Throwable cause = req.decoderResult().cause();
            send(ctx, api.error(ManagementApi.BAD_REQUEST, "bad request", String.valueOf(cause.getMessage())), false);
            return;
        }
        // Copy what the API needs: the request's buffer is released when this method returns.
        String method = req.method().name();
        String uri = req.uri();
        int bodyBytes = req.content().readableBytes();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        try {
            executor.execute(() -> send(ctx, api.handle(method, uri, bodyBytes), keepAlive));
        } catch (RejectedExecutionException stopping) {
            ctx.close();
        }
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
