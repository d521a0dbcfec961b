package io.fw443.mgmt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management HTTP/1.1 server (Netty, epoll): a Unix domain socket, plus an optional loopback TCP listener
 * guarded by a bearer token. {@link #start} returns once every listener is bound and the socket file is in place
 * with mode 0600; {@link #close} returns once the listeners are closed, the socket file removed and the threads
 * stopped.
 *
 * <p>Pipeline per connection: read timeout, HTTP codec, aggregator (bodies up to {@value #MAX_BODY_BYTES} bytes),
 * [bearer auth on TCP], then {@link ApiHandler}, which calls the backend on a small executor so a slow call never
 * stalls the I/O thread.
 */
public final class ManagementServer implements AutoCloseable {
    /** No endpoint takes a body; the cap only bounds what a misbehaving client makes us buffer. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** A connection that sends nothing for this long is closed. */
    static final int IDLE_TIMEOUT_S = 30;
    private static final int API_THREADS = 2;
    private static final int SHUTDOWN_TIMEOUT_S = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private final EventLoopGroup io;
    private final EventExecutorGroup apiExecutor;
    private final List<Channel> listeners;
    private final SocketFiles.Claim socket;
    private final InetSocketAddress tcpAddress;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ManagementServer(EventLoopGroup io, EventExecutorGroup apiExecutor, List<Channel> listeners,
            SocketFiles.Claim socket, InetSocketAddress tcpAddress) {
        this.io = io;
        this.apiExecutor = apiExecutor;
        this.listeners = listeners;
        this.socket = socket;
        this.tcpAddress = tcpAddress;
    }

    /**
     * Binds the listeners and publishes the socket file.
     *
     * @throws IOException if epoll is unavailable, another process serves the socket path, the path is not a
     *                     socket, or a bind fails; nothing is left running or on disk then
     */
    public static ManagementServer start(ManagementConfig config, ManagementBackend backend) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("epoll transport unavailable: " + Epoll.unavailabilityCause());
        }
        ManagementApi api = new ManagementApi(backend);
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("fw443-mgmt-io", true),
                EpollIoHandler.newFactory());
        EventExecutorGroup apiExecutor = new DefaultEventExecutorGroup(API_THREADS,
                new DefaultThreadFactory("fw443-mgmt-api", true));
        List<Channel> listeners = new ArrayList<>();
        SocketFiles.Claim claim = null;
        try {
            try (SocketFiles.Staging staging = SocketFiles.stage(config.socketPath())) {
                listeners.add(new ServerBootstrap().group(io).channel(EpollServerDomainSocketChannel.class)
                        .childHandler(new Initializer(api, apiExecutor, null))
                        .bind(new DomainSocketAddress(staging.bindPath().toFile())).sync().channel());
                claim = staging.publish();
            }
            InetSocketAddress tcpAddress = null;
            ManagementConfig.TcpListener tcp = config.tcp();
            if (tcp != null) {
                Channel ch = new ServerBootstrap().group(io).channel(EpollServerSocketChannel.class)
                        .childHandler(new Initializer(api, apiExecutor, new BearerAuthHandler(api, tcp.token())))
                        .bind(new InetSocketAddress(tcp.address(), tcp.port())).sync().channel();
                listeners.add(ch);
                tcpAddress = (InetSocketAddress) ch.localAddress();
            }
            LOG.info("management API listening on {}{}", claim.path(), tcpAddress == null ? ""
                    : " and tcp " + tcpAddress.getAddress().getHostAddress() + ":" + tcpAddress.getPort());
            return new ManagementServer(io, apiExecutor, listeners, claim, tcpAddress);
        } catch (Exception e) {
            stop(io, apiExecutor, listeners, claim);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof IOException ? (IOException) e
                    : new IOException("cannot start management API: " + e.getMessage(), e);
        }
    }

    /** The socket file clients connect to (absolute). */
    public Path socketPath() {
        return socket.path();
    }

    /** The bound TCP address, or null without a TCP listener. */
    public InetSocketAddress tcpAddress() {
        return tcpAddress;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stop(io, apiExecutor, listeners, socket);
            LOG.info("management API stopped");
        }
    }

    private static void stop(EventLoopGroup io, EventExecutorGroup apiExecutor, List<Channel> listeners,
            SocketFiles.Claim claim) {
        for (Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
        if (claim != null) {
            try {
                claim.release();
            } catch (IOException e) {
                LOG.warn("cannot remove management socket {}: {}", claim.path(), e.toString());
            }
        }
        // API tasks first: their last writes still need the I/O loop.
        apiExecutor.shutdownGracefully(0, SHUTDOWN_TIMEOUT_S, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, SHUTDOWN_TIMEOUT_S, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Initializer extends ChannelInitializer<Channel> {
        private final ManagementApi api;
        private final EventExecutorGroup apiExecutor;
        private final BearerAuthHandler auth;

        Initializer(ManagementApi api, EventExecutorGroup apiExecutor, BearerAuthHandler auth) {
            this.api = api;
            this.apiExecutor = apiExecutor;
            this.auth = auth;
        }

        @Override
        protected void initChannel(Channel ch) {
            ChannelPipeline p = ch.pipeline();
            p.addLast("idle", new ReadTimeoutHandler(IDLE_TIMEOUT_S));
            p.addLast("http", new HttpServerCodec());
            p.addLast("aggregate", new BoundedAggregator(api, MAX_BODY_BYTES));
            if (auth != null) {
                p.addLast("auth", auth);
            }
            p.addLast("api", new ApiHandler(api, apiExecutor.next()));
        }
    }
}
