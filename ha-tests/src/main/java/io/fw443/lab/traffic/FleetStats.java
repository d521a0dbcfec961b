package io.fw443.lab.traffic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet's tallies: counters, the latency histogram and the time series, fed by every session's event loop and
 * read by the status writer. The histogram and series sit behind one lock (a few thousand echoes a second).
 */
final class FleetStats {
    private final long startNs;
    private final long startEpochMs;
    private final int target;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LatencySeries series;
    private final List<EchoSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicInteger dead = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicInteger echoErrors = new AtomicInteger();
    private final AtomicLong echoes = new AtomicLong();
    private final AtomicLong sendsSkipped = new AtomicLong();
    private volatile boolean stopping;

    FleetStats(int target, Path seriesFile, long maxSeriesRows) throws IOException {
        this.target = target;
        this.startNs = System.nanoTime();
        this.startEpochMs = System.currentTimeMillis();
        this.series = new LatencySeries(seriesFile, startNs, startEpochMs, maxSeriesRows);
    }

    void add(EchoSession s) {
        sessions.add(s);
    }

    void opened(EchoSession s) {
        opened.incrementAndGet();
        alive.incrementAndGet();
    }

    void died(EchoSession s) {
        alive.decrementAndGet();
        dead.incrementAndGet();
    }

    void failed(EchoSession s) {
        failed.incrementAndGet();
    }

    void reset() {
        resets.incrementAndGet();
    }

    /** Counts a replacement session; returns the count including it. */
    int reconnect() {
        return reconnects.incrementAndGet();
    }

    int target() {
        return target;
    }

    int reconnects() {
        return reconnects.get();
    }

    void sendSkipped() {
        sendsSkipped.incrementAndGet();
    }

    void echoError() {
        echoErrors.incrementAndGet();
    }

    synchronized void echo(long nowNs, EchoSession session, long latencyUs) {
        if (stopping) {
            return; // the report has been taken and the series file closed
        }
        session.countEcho(nowNs);
        echoes.incrementAndGet();
        latency.record(latencyUs);
        series.record(nowNs, session.id, latencyUs);
    }

    /** Closes elapsed series buckets and pushes them to the file. */
    synchronized void tick(long nowNs) {
        if (stopping) {
            return;
        }
        series.advance(nowNs);
        series.flush();
    }

    boolean stopping() {
        return stopping;
    }

    FleetStatus status(long nowNs, boolean done) {
        long worst = 0;
        long current = 0;
        long allSilent = Long.MAX_VALUE;
        for (EchoSession s : sessions) {
            worst = Math.max(worst, s.worstGapNs(nowNs));
            current = Math.max(current, s.currentGapNs(nowNs));
            if (s.state() == EchoSession.State.OPEN) {
                allSilent = Math.min(allSilent, s.currentGapNs(nowNs));
            }
        }
        return new FleetStatus((nowNs - startNs) / 1_000_000, target, opened.get(), alive.get(), dead.get(),
                failed.get(), resets.get(), reconnects.get(), echoErrors.get(), echoes.get(), worst / 1_000_000,
                current / 1_000_000, allSilent == Long.MAX_VALUE ? 0 : allSilent / 1_000_000, done);
    }

    /** Stops the tallies and summarises them; call once. */
    synchronized FleetReport report(String targetAddress, int intervalMs, long nowNs) throws IOException {
        stopping = true;
        series.finish(nowNs);
        series.close();
        List<FleetReport.Session> rows = new ArrayList<>(sessions.size());
        double worst = 0;
        for (EchoSession s : sessions) {
            FleetReport.Session row = s.summary(nowNs, startNs, startEpochMs);
            rows.add(row);
            worst = Math.max(worst, row.maxGapMs());
        }
        return new FleetReport(targetAddress, target, opened.get(), alive.get(), dead.get(), failed.get(),
                resets.get(), reconnects.get(), echoErrors.get(), echoes.get(), sendsSkipped.get(), worst,
                latency.quantileMs(0.5),
                latency.quantileMs(0.99), latency.maxUs() / 1000.0, intervalMs, startEpochMs,
                startEpochMs + (nowNs - startNs) / 1_000_000, rows);
    }
}
