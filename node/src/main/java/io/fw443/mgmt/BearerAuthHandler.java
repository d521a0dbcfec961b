package io.fw443.mgmt;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Guards the TCP listener: a request passes only with {@code Authorization: Bearer <token>} (RFC 6750 §2.1).
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the comparison takes the same time
 * whatever the token's length or how much of it is right.
 */
@ChannelHandler.Sharable
final class BearerAuthHandler extends ChannelInboundHandlerAdapter {
    /** RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 7235 §2.1). */
    private static final String SCHEME = "bearer ";
    /** RFC 6750 §3: the challenge. */
    private static final String CHALLENGE = "Bearer realm=\"fw443\"";
    private static final String CHALLENGE_INVALID = CHALLENGE + ", error=\"invalid_token\"";

    private final ManagementApi api;
    private final byte[] tokenDigest;

    BearerAuthHandler(ManagementApi api, String token) {
        this.api = api;
        this.tokenDigest = sha256(token);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        FullHttpRequest req = (FullHttpRequest) msg;
        String credentials = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        // A request the decoder could not parse goes on to get its 400; it reaches no endpoint either way.
        if (req.decoderResult().isFailure() || (credentials != null && valid(credentials))) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        ReferenceCountUtil.release(req);
        ApiResponse denied = api.error(ManagementApi.UNAUTHORIZED, "unauthorized",
                credentials == null ? "this listener requires Authorization: Bearer <token>" : "invalid token");
        ApiHandler.send(ctx, new ApiResponse(denied.status(), denied.contentType(), denied.body(),
                Map.of("WWW-Authenticate", credentials == null ? CHALLENGE : CHALLENGE_INVALID)), keepAlive);
    }

    private boolean valid(String credentials) {
        if (credentials.length() <= SCHEME.length()
                || !credentials.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(credentials.substring(SCHEME.length()).trim()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
