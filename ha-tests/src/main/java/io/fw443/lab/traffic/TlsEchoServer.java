package io.fw443.lab.traffic;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The lab's server: a TLS 1.3 echo port (every byte a client sends comes back) and an HTTPS port offering h2 and
 * http/1.1 by ALPN ({@link HttpTrafficHandler}: {@code /large?bytes=N}, {@code /stream?ms=D}). Prints
 * {@code ready echo=PORT https=PORT} once both listen.
 * <pre>
 * --bind 0.0.0.0 --echo-port 7443 --https-port 8443 [--cert cert.pem --key key.pem] [--threads 2]
 * </pre>
 * Without {@code --cert} a self-signed certificate is made with openssl in a temporary directory.
 */
public final class TlsEchoServer implements AutoCloseable {
    static final Set<String> OPTIONS = Set.of("--bind", "--echo-port", "--https-port", "--cert", "--key", "--threads");

    private final EventLoopGroup group;
    private final Channel echo;
    private final Channel https;
    private final ChannelGroup connections;

    private TlsEchoServer(EventLoopGroup group, Channel echo, Channel https, ChannelGroup connections) {
        this.group = group;
        this.echo = echo;
        this.https = https;
        this.connections = connections;
    }

    public static void main(String[] args) throws Exception {
        TlsEchoServer server;
        try {
            server = start(args);
        } catch (IllegalArgumentException e) {
            System.err.println("TlsEchoServer: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("TlsEchoServer: cannot start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "echo-server-stop"));
        System.out.println("ready echo=" + server.echoPort() + " https=" + server.httpsPort());
        System.out.flush();
        server.echo.closeFuture().sync();
    }

    /** Starts both listeners (port 0 picks a free port, see {@link #echoPort()}). */
    public static TlsEchoServer start(String... args) throws IOException, InterruptedException {
        Options o = Options.parse(OPTIONS, args);
        String bind = o.text("--bind", "0.0.0.0");
        int echoPort = o.integer("--echo-port", 7443, 0, 65535);
        int httpsPort = o.integer("--https-port", 8443, 0, 65535);
        int threads = o.integer("--threads", 2, 1, 64);
        LabCertificate cert;
        if (o.text("--cert", null) != null) {
            cert = new LabCertificate(Path.of(o.required("--cert")), Path.of(o.required("--key")));
        } else {
            Path dir = Files.createTempDirectory("fw443-echo-cert");
            dir.toFile().deleteOnExit();
            cert = LabCertificate.generate(dir, "server.example.test");
            cert.certificate().toFile().deleteOnExit();
            cert.key().toFile().deleteOnExit();
        }
        SslContext echoTls = serverContext(cert).build();
        SslContext httpsTls = serverContext(cert).applicationProtocolConfig(new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)).build();

        EventLoopGroup group = Transport.group(threads);
        // Every accepted connection, so close() ends them at once rather than leaving it to the loop's shutdown.
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            Channel echo = listen(group, bind, echoPort, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline().addLast(tls(echoTls, ch), new EchoHandler());
                }
            });
            Channel https = listen(group, bind, httpsPort, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline().addLast(tls(httpsTls, ch), new HttpsProtocolSelector());
                }
            });
            return new TlsEchoServer(group, echo, https, connections);
        } catch (Throwable e) {
            // Also a BindException, which Netty's sync() throws undeclared: no event loop may outlive a failed start.
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private static SslHandler tls(SslContext context, SocketChannel ch) {
        SslHandler handler = context.newHandler(ch.alloc());
        handler.setHandshakeTimeoutMillis(TlsEchoFleet.HANDSHAKE_TIMEOUT_MS);
        return handler;
    }

    private static SslContextBuilder serverContext(LabCertificate cert) {
        return SslContextBuilder.forServer(cert.certificate().toFile(), cert.key().toFile())
                .sslProvider(SslProvider.JDK).protocols("TLSv1.3");
    }

    private static Channel listen(EventLoopGroup group, String bind, int port, ChannelInitializer<SocketChannel> init)
            throws InterruptedException {
        return new ServerBootstrap().group(group).channel(Transport.server())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(init)
                .bind(new InetSocketAddress(bind, port)).sync().channel();
    }

    public int echoPort() {
        return ((InetSocketAddress) echo.localAddress()).getPort();
    }

    public int httpsPort() {
        return ((InetSocketAddress) https.localAddress()).getPort();
    }

    @Override
    public void close() {
        echo.close();
        https.close();
        connections.close().awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
