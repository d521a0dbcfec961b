package io.fw443.lab.traffic;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.stream.ChunkedWriteHandler;

/**
 * Builds the rest of the HTTPS pipeline once ALPN has chosen: for h2 every stream becomes a child channel whose frames
 * are turned into HTTP objects, so one {@link HttpTrafficHandler} serves both protocols.
 */
final class HttpsProtocolSelector extends ApplicationProtocolNegotiationHandler {
    HttpsProtocolSelector() {
        super(ApplicationProtocolNames.HTTP_1_1);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                    new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel stream) {
                            stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                                    new ChunkedWriteHandler(), new HttpTrafficHandler(false));
                        }
                    }));
        } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
            ctx.pipeline().addLast(new HttpServerCodec(), new ChunkedWriteHandler(), new HttpTrafficHandler(true));
        } else {
            throw new IllegalStateException("unexpected ALPN protocol " + protocol);
        }
    }
}
