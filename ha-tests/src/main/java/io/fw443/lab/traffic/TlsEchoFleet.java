package io.fw443.lab.traffic;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many long-lived TLS 1.3 sessions to one echo server, each an {@link EchoSession}; what they saw goes to a JSON
 * {@link FleetReport} when the fleet stops (SIGTERM or {@code --duration-s}), a {@link SeriesRow} CSV and a
 * {@link FleetStatus} file rewritten every {@value FleetStatus#WRITE_INTERVAL_MS} ms.
 * <pre>
 * --host 198.51.100.100 --port 7443 [--sessions 200] [--interval-ms 20] [--duration-s 0 (until SIGTERM)]
 * --report fleet.json --series fleet.csv --status-file fleet.status
 * [--bind-ip 192.0.2.10,192.0.2.11 (source addresses, round robin)]
 * [--open-concurrency 8 (handshakes in flight while opening; a cold server JVM on a busy box is slow at them)]
 * [--gap-log-ms 100 (gaps this long are listed per session in the report, with their end time)]
 * [--reconnect false (true: replace a dead session to keep the load; still counted dead, plus a reconnect)]
 * [--threads 2]
 * </pre>
 * Prints {@code established N/N} once all sessions are open and {@code done} after writing the report.
 */
public final class TlsEchoFleet {
    static final Set<String> OPTIONS = Set.of("--host", "--port", "--sessions", "--interval-ms", "--duration-s",
            "--report", "--series", "--status-file", "--bind-ip", "--open-concurrency", "--gap-log-ms", "--reconnect",
            "--threads");
    /** Generous: a handshake on a cold JVM sharing two busy cores can take seconds. */
    static final int HANDSHAKE_TIMEOUT_MS = 30_000;
    private static final int MAX_SESSIONS = 10_000;
    private static final long MAX_SERIES_ROWS = 24 * 3600 * 1000L / LatencySeries.BUCKET_MS;

    private final String host;
    private final int port;
    private final int intervalMs;
    private final int gapLogMs;
    private final List<String> bindIps;
    private final boolean reconnect;
    private final Path report;
    private final Path statusFile;
    private final FleetStats stats;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SslContext tls;
    private final AtomicInteger nextSession = new AtomicInteger();
    private final ScheduledExecutorService statusWriter;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object stopLock = new Object();
    private boolean announced;
    private FleetReport finalReport;

    private TlsEchoFleet(Options o) throws IOException {
        host = o.required("--host");
        port = o.integer("--port", 7443, 1, 65535);
        int sessions = o.integer("--sessions", 200, 1, MAX_SESSIONS);
        intervalMs = o.integer("--interval-ms", 20, 1, 10_000);
        gapLogMs = o.integer("--gap-log-ms", 100, 1, 3_600_000);
        int openConcurrency = o.integer("--open-concurrency", 8, 1, MAX_SESSIONS);
        String binds = o.text("--bind-ip", "");
        bindIps = binds.isBlank() ? List.of() : List.of(binds.split(","));
        reconnect = Boolean.parseBoolean(o.text("--reconnect", "false"));
        report = Path.of(o.required("--report"));
        statusFile = Path.of(o.required("--status-file"));
        Path series = Path.of(o.required("--series"));
        int threads = o.integer("--threads", 2, 1, 64);

        stats = new FleetStats(sessions, series, MAX_SERIES_ROWS);
        tls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.3")
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        group = Transport.group(threads);
        bootstrap = new Bootstrap().group(group).channel(Transport.socket())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                // About 200 records of backlog before a session skips sends: bounded memory on a stalled path.
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(4 * 1024, 8 * 1024));
        statusWriter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleet-status");
            t.setDaemon(true);
            return t;
        });
        statusWriter.scheduleAtFixedRate(this::writeStatus, 0, FleetStatus.WRITE_INTERVAL_MS, TimeUnit.MILLISECONDS);
        for (int i = 0; i < Math.min(openConcurrency, sessions); i++) {
            group.execute(this::openNext);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(OPTIONS, args);
        } catch (IllegalArgumentException e) {
            System.err.println("TlsEchoFleet: " + e.getMessage());
            System.exit(2);
            return;
        }
        int durationS = o.integer("--duration-s", 0, 0, 7 * 24 * 3600);
        TlsEchoFleet fleet = new TlsEchoFleet(o);
        Runtime.getRuntime().addShutdownHook(new Thread(fleet::stopQuietly, "fleet-stop"));
        // The fleet runs on its event loops; main only waits for the end of the run (or SIGTERM's hook).
        fleet.stopped.await(durationS == 0 ? Long.MAX_VALUE : durationS, TimeUnit.SECONDS);
        fleet.stop();
        System.exit(0);
    }

    /** Starts a fleet in this JVM (tests); {@code --duration-s} is ignored here: call {@link #stop()}. */
    public static TlsEchoFleet start(String... args) throws IOException {
        Options o = Options.parse(OPTIONS, args);
        return new TlsEchoFleet(o);
    }

    /** Opens the next of the first {@code --sessions} sessions, if any is left: one opens as another settles. */
    private void openNext() {
        int id = nextSession.getAndIncrement();
        if (id < stats.target()) {
            connect(id, this::openNext);
        }
    }

    private void connect(int id, Runnable settled) {
        if (stats.stopping()) {
            return;
        }
        EchoSession session = new EchoSession(id, stats, intervalMs, (long) id * 7 % intervalMs, gapLogMs,
                settled);
        stats.add(session);
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                SslHandler handler = tls.newHandler(ch.alloc(), host, port);
                handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
                ch.pipeline().addLast(handler, new FixedLengthFrameDecoder(EchoFrame.LENGTH), session);
            }
        });
        InetSocketAddress remote = new InetSocketAddress(host, port);
        ChannelFuture f = bindIps.isEmpty() ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(bindIps.get(id % bindIps.size()), 0));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                session.connectFailed(done.cause());
            }
        });
        f.channel().closeFuture().addListener(closed -> replaceClosed());
    }

    /** With --reconnect, a broken session's place is taken by a new one (bounded: at most 10 per session). */
    private void replaceClosed() {
        if (!reconnect || stats.stopping() || stats.reconnects() >= 10 * stats.target()) {
            return;
        }
        int id = stats.target() + stats.reconnect() - 1;
        group.schedule(() -> connect(id, () -> { }), 100, TimeUnit.MILLISECONDS);
    }

    public FleetStatus status() {
        return stats.status(System.nanoTime(), false);
    }

    private void writeStatus() {
        try {
            long now = System.nanoTime();
            stats.tick(now);
            FleetStatus s = stats.status(now, false);
            s.write(statusFile);
            if (!announced && s.allEstablished()) {
                announced = true;
                System.out.println("established " + s.alive() + "/" + s.target());
                System.out.flush();
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("fleet: cannot write status: " + e);
        }
    }

    /** Takes the report (sessions still open count as alive), writes the files, closes every session; idempotent. */
    public FleetReport stop() throws IOException {
        synchronized (stopLock) {
            if (finalReport != null) {
                return finalReport;
            }
            statusWriter.shutdownNow();
            long now = System.nanoTime();
            FleetReport r = stats.report(host + ":" + port, intervalMs, now);
            r.write(report);
            stats.status(now, true).write(statusFile);
            finalReport = r;
            stopped.countDown();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            System.out.println("done alive=" + r.aliveAtEnd() + "/" + r.sessionsTarget() + " worst_gap_ms="
                    + Math.round(r.worstGapMs()));
            System.out.flush();
            return r;
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (IOException | RuntimeException e) {
            System.err.println("fleet: cannot write the report: " + e);
        }
    }
}
