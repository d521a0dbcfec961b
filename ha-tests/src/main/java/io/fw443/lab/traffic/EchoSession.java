package io.fw443.lab.traffic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived TLS session of the fleet: after the handshake it sends an {@link EchoFrame} every interval (a timer
 * on its event loop, no thread of its own) and checks each echo's content and order. It never reconnects: a session
 * that breaks is DEAD with the reason; a wrong echo kills it too. Fields other threads read are volatile; the
 * sequence counters belong to the event loop.
 */
final class EchoSession extends ChannelInboundHandlerAdapter {
    enum State {
        /** TCP connect or TLS handshake in progress. */
        CONNECTING,
        /** Handshake done, echoing. */
        OPEN,
        /** Broke after its handshake (reset, close, wrong echo). */
        DEAD,
        /** Never completed its handshake. */
        FAILED
    }

    /** Per session: a failover scenario has a few hiccups; more than this is noise of a saturated machine. */
    static final int MAX_LOGGED_GAPS = 32;
    /** Records sent and not yet echoed: one second's worth at the default 20 ms interval. */
    static final int MAX_OUTSTANDING = 50;
    final int id;
    private final FleetStats stats;
    private final long intervalMs;
    private final long phaseMs;
    private final Runnable settled;
    private final long gapLogNs;
    /** The largest gaps of at least {@code gapLogNs}, as (end, length) pairs; under the {@link FleetStats} lock. */
    private final long[] loggedGapEndNs = new long[MAX_LOGGED_GAPS];
    private final long[] loggedGapNs = new long[MAX_LOGGED_GAPS];
    private int loggedGaps;
    private int unloggedGaps;
    private volatile State state = State.CONNECTING;
    private volatile long openedNs;
    private volatile long lastEchoNs;
    private volatile long maxGapNs;
    private volatile long maxGapEndNs;
    private volatile long echoes;
    private volatile int resets;
    private volatile String death;
    private volatile String local = "";
    private long nextSequence;
    private long expectedSequence;
    private ScheduledFuture<?> sender;

    /** {@code settled} runs once, when the handshake has succeeded or the session failed to open. */
    EchoSession(int id, FleetStats stats, long intervalMs, long phaseMs, long gapLogMs, Runnable settled) {
        this.id = id;
        this.gapLogNs = gapLogMs * 1_000_000;
        this.stats = stats;
        this.intervalMs = intervalMs;
        this.phaseMs = phaseMs;
        this.settled = settled;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                open(ctx);
            } else {
                fail(ctx, "handshake: " + done.cause());
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void open(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        openedNs = now;
        lastEchoNs = now;
        local = String.valueOf(ctx.channel().localAddress()).replaceFirst("^/", "");
        state = State.OPEN;
        stats.opened(this);
        sender = ctx.executor().scheduleAtFixedRate(() -> send(ctx.channel()), phaseMs, intervalMs,
                TimeUnit.MILLISECONDS);
        settled.run();
    }

    private void send(Channel ch) {
        if (state != State.OPEN || stats.stopping()) {
            return;
        }
        // A stalled path or a slow server: past MAX_OUTSTANDING unanswered records (or Netty's high-water mark) skip
        // the tick rather than queue without bound, so latency measures the path, not our own backlog.
        if (nextSequence - expectedSequence >= MAX_OUTSTANDING || !ch.isWritable()) {
            stats.sendSkipped();
            return;
        }
        ByteBuf frame = ch.alloc().buffer(EchoFrame.LENGTH);
        EchoFrame.write(frame, id, nextSequence++, System.nanoTime());
        ch.writeAndFlush(frame, ch.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (state != State.OPEN) {
                return;
            }
            long now = System.nanoTime();
            long sendNs = EchoFrame.check(frame, id, expectedSequence);
            if (sendNs < 0) {
                stats.echoError();
                die(ctx, "echo mismatch: expected session=" + id + " seq=" + expectedSequence + ", got "
                        + EchoFrame.describe(frame));
                return;
            }
            expectedSequence++;
            stats.echo(now, this, (now - sendNs) / 1000);
        } finally {
            frame.release();
        }
    }

    /**
     * Counts one good echo; {@link FleetStats} calls it under its lock so the report's totals, the series and the
     * sessions agree exactly.
     */
    void countEcho(long nowNs) {
        // Gaps run from echo to echo: the handshake-to-first-echo time is start-up (a cold JVM, JIT), not a hiccup
        // on an established session. Until the first echo the silence still shows as the current gap.
        long gap = echoes == 0 ? 0 : nowNs - lastEchoNs;
        if (gap > maxGapNs) {
            maxGapNs = gap;
            maxGapEndNs = nowNs;
        }
        if (echoes > 0 && gap >= gapLogNs) {
            logGap(nowNs, gap);
        }
        lastEchoNs = nowNs;
        echoes++;
    }

    /** Keeps the {@value #MAX_LOGGED_GAPS} largest: a new gap replaces the smallest kept one if it is larger. */
    private void logGap(long endNs, long gapNs) {
        int slot = loggedGaps;
        if (loggedGaps == MAX_LOGGED_GAPS) {
            unloggedGaps++;
            slot = 0;
            for (int i = 1; i < MAX_LOGGED_GAPS; i++) {
                if (loggedGapNs[i] < loggedGapNs[slot]) {
                    slot = i;
                }
            }
            if (loggedGapNs[slot] >= gapNs) {
                return;
            }
        } else {
            loggedGaps++;
        }
        loggedGapEndNs[slot] = endNs;
        loggedGapNs[slot] = gapNs;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isReset(cause)) {
            resets++;
            stats.reset();
        }
        if (state == State.CONNECTING) {
            fail(ctx, cause.toString());
        } else {
            die(ctx, cause.toString());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.CONNECTING) {
            fail(ctx, "closed before the handshake completed");
        } else {
            die(ctx, "closed by the peer");
        }
        ctx.fireChannelInactive();
    }

    /** Called when the connect itself failed (no channel pipeline event follows). */
    void connectFailed(Throwable cause) {
        if (state == State.CONNECTING) {
            state = State.FAILED;
            death = "connect: " + cause;
            stats.failed(this);
            settled.run();
        }
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (state == State.CONNECTING) {
            state = State.FAILED;
            death = reason;
            stats.failed(this);
            settled.run();
        }
        ctx.close();
    }

    private void die(ChannelHandlerContext ctx, String reason) {
        if (state == State.OPEN && !stats.stopping()) {
            long now = System.nanoTime();
            if (now - lastEchoNs > maxGapNs) {
                maxGapNs = now - lastEchoNs;
                maxGapEndNs = now;
            }
            state = State.DEAD;
            death = reason;
            if (sender != null) {
                sender.cancel(false);
            }
            stats.died(this);
        }
        ctx.close();
    }

    private static boolean isReset(Throwable cause) {
        String m = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return (cause instanceof SocketException || cause instanceof IOException) && m.contains("reset");
    }

    State state() {
        return state;
    }

    /** The longest gap so far, counting the silence since the last echo while the session is open. */
    long worstGapNs(long nowNs) {
        return Math.max(maxGapNs, currentGapNs(nowNs));
    }

    long currentGapNs(long nowNs) {
        return state == State.OPEN ? Math.max(0, nowNs - lastEchoNs) : 0;
    }

    FleetReport.Session summary(long nowNs, long startNs, long startEpochMs) {
        long gap = maxGapNs;
        long gapEnd = maxGapEndNs;
        if (currentGapNs(nowNs) > gap) {
            gap = currentGapNs(nowNs);
            gapEnd = nowNs;
        }
        long opened = openedNs;
        List<FleetReport.Gap> gaps = new ArrayList<>(loggedGaps);
        for (int i = 0; i < loggedGaps; i++) {
            gaps.add(new FleetReport.Gap(startEpochMs + (loggedGapEndNs[i] - startNs) / 1_000_000,
                    loggedGapNs[i] / 1e6));
        }
        gaps.sort(Comparator.comparingLong(FleetReport.Gap::endEpochMs));
        return new FleetReport.Session(id, local, state.name(),
                opened == 0 ? 0 : startEpochMs + (opened - startNs) / 1_000_000, echoes, gap / 1e6,
                gapEnd == 0 ? 0 : startEpochMs + (gapEnd - startNs) / 1_000_000, resets, death, gaps, unloggedGaps);
    }
}
