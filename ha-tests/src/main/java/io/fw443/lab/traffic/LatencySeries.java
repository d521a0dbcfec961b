package io.fw443.lab.traffic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Cuts echoes into {@value #BUCKET_MS} ms buckets and appends one {@link SeriesRow} per bucket to a CSV file as the
 * bucket closes, so an outage shows as rows with no echoes even while nothing arrives ({@link #advance} closes buckets
 * on time alone). Memory is one bucket's samples, capped; the file is capped at {@link #maxRows} rows. Not
 * thread-safe; {@link FleetStats} guards it.
 */
final class LatencySeries implements AutoCloseable {
    static final int BUCKET_MS = 50;
    private static final int MAX_SAMPLES = 16_384;

    private final BufferedWriter out;
    private final long startNs;
    private final long startEpochMs;
    private final long maxRows;
    private final int[] samplesUs = new int[MAX_SAMPLES];
    private final BitSet sessions = new BitSet();
    private long bucket;
    private int echoes;
    private int maxUs;
    private long rows;

    LatencySeries(Path file, long startNs, long startEpochMs, long maxRows) throws IOException {
        this.out = Files.newBufferedWriter(file);
        this.startNs = startNs;
        this.startEpochMs = startEpochMs;
        this.maxRows = maxRows;
        out.write(SeriesRow.HEADER);
        out.newLine();
    }

    void record(long nowNs, int session, long latencyUs) {
        advance(nowNs);
        int us = (int) Math.min(Integer.MAX_VALUE, latencyUs);
        if (echoes < MAX_SAMPLES) {
            samplesUs[echoes] = us;
        }
        echoes++;
        maxUs = Math.max(maxUs, us);
        sessions.set(session);
    }

    /** Closes every bucket that ended before {@code nowNs}. */
    void advance(long nowNs) {
        long current = Math.max(0, (nowNs - startNs) / (BUCKET_MS * 1_000_000L));
        while (bucket < current) {
            closeBucket();
            bucket++;
        }
    }

    /** Closes every bucket up to and including the one holding {@code nowNs} (the last one is partial). */
    void finish(long nowNs) {
        advance(nowNs);
        closeBucket();
        bucket++;
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeBucket() {
        if (rows < maxRows) {
            int n = Math.min(echoes, MAX_SAMPLES);
            double medianMs = 0;
            if (n > 0) {
                Arrays.sort(samplesUs, 0, n);
                medianMs = samplesUs[(n - 1) / 2] / 1000.0;
            }
            long tMs = bucket * BUCKET_MS;
            try {
                out.write(new SeriesRow(tMs, startEpochMs + tMs, echoes, sessions.cardinality(), medianMs,
                        maxUs / 1000.0).csv());
                out.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rows++;
        }
        echoes = 0;
        maxUs = 0;
        sessions.clear();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
