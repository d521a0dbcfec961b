package io.fw443.lab.traffic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.stream.ChunkedInput;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTPS endpoints, the same for HTTP/1.1 and for each HTTP/2 stream:
 * <ul>
 *   <li>{@code GET /large?bytes=N} — N bytes (at most {@value #MAX_LARGE_BYTES}) with a Content-Length, written
 *       as the peer's window allows (a large download through a failover);</li>
 *   <li>{@code GET /stream?ms=D&interval-ms=I} — one {@value #STREAM_CHUNK_BYTES}-byte line every I ms (default
 *       20) for D ms (at most 10 minutes), each naming its sequence number and time since the stream began;</li>
 *   <li>anything else — 404.</li>
 * </ul>
 * HTTP/1.1 connections close after their response: each curl run is one request.
 */
final class HttpTrafficHandler extends ChannelInboundHandlerAdapter {
    static final long MAX_LARGE_BYTES = 16L << 30;
    static final int STREAM_CHUNK_BYTES = 32;
    private static final int MAX_STREAM_MS = 600_000;
    private static final int LARGE_CHUNK_BYTES = 64 * 1024;
    private static final byte[] PATTERN = pattern();

    private final boolean http1;
    private ScheduledFuture<?> streaming;

    HttpTrafficHandler(boolean http1) {
        this.http1 = http1;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request && streaming == null) {
                respond(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        try {
            switch (uri.path()) {
                case "/large" -> large(ctx, number(uri, "bytes", -1, 0, MAX_LARGE_BYTES));
                case "/stream" -> stream(ctx, number(uri, "ms", 5_000, 1, MAX_STREAM_MS),
                        number(uri, "interval-ms", 20, 1, 1_000));
                default -> plain(ctx, HttpResponseStatus.NOT_FOUND, "no such path: " + uri.path() + "\n");
            }
        } catch (IllegalArgumentException e) {
            plain(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n");
        }
    }

    private void large(ChannelHandlerContext ctx, long bytes) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
                .set(HttpHeaderNames.CONTENT_LENGTH, bytes);
        closeAfter(head);
        ctx.write(head);
        finish(ctx.writeAndFlush(new HttpChunkedInput(new PatternInput(bytes))));
    }

    private void stream(ChannelHandlerContext ctx, long durationMs, long intervalMs) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        if (http1) {
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        closeAfter(head);
        ctx.writeAndFlush(head);
        long chunks = Math.max(1, durationMs / intervalMs);
        long[] sent = {0};
        streaming = ctx.executor().scheduleAtFixedRate(() -> {
            if (!ctx.channel().isActive()) {
                streaming.cancel(false);
                return;
            }
            String line = String.format("seq=%010d t_ms=%011d\n", sent[0], sent[0] * intervalMs);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII)));
            if (++sent[0] == chunks) {
                streaming.cancel(false);
                finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
            }
        }, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void plain(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        closeAfter(response);
        finish(ctx.writeAndFlush(response));
    }

    private void closeAfter(HttpResponse response) {
        if (http1) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private void finish(io.netty.channel.ChannelFuture last) {
        if (http1) {
            last.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (streaming != null) {
            streaming.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static long number(QueryStringDecoder uri, String name, long fallback, long min, long max) {
        List<String> values = uri.parameters().get(name);
        if (values == null || values.isEmpty()) {
            if (fallback < 0) {
                throw new IllegalArgumentException(name + " is required");
            }
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(values.get(0));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max);
        }
        return n;
    }

    private static byte[] pattern() {
        byte[] p = new byte[LARGE_CHUNK_BYTES];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) ('a' + i % 26);
        }
        return p;
    }

    /** N bytes of a fixed pattern, one 64 KiB chunk at a time, each a read-only view of the shared pattern. */
    private static final class PatternInput implements ChunkedInput<ByteBuf> {
        private final long length;
        private long progress;

        PatternInput(long length) {
            this.length = length;
        }

        @Override
        public boolean isEndOfInput() {
            return progress >= length;
        }

        @Override
        public void close() {
            // Nothing held.
        }

        @Deprecated
        @Override
        public ByteBuf readChunk(ChannelHandlerContext ctx) {
            return readChunk(ctx.alloc());
        }

        @Override
        public ByteBuf readChunk(ByteBufAllocator allocator) {
            if (isEndOfInput()) {
                return null;
            }
            int n = (int) Math.min(LARGE_CHUNK_BYTES, length - progress);
            progress += n;
            return Unpooled.wrappedBuffer(PATTERN, 0, n).asReadOnly();
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public long progress() {
            return progress;
        }
    }
}
