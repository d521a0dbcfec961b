package io.fw443.lab.traffic;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The failover summary in issue 8's words, from a {@link FleetReport}, its series and the scenario's markers:
 * <pre>
 * survived=200/200 worst_gap_ms=412 takeover_ms=180 recovery_ms=350 resets=0 reconnects=0 echo_errors=0
 * </pre>
 * {@code worst_gap_ms} is the largest echo gap of any session among the gaps that ended after the fault (the fleet
 * report keeps the whole run's). {@code survived} counts the original sessions still open at the end (a replacement opened by {@code --reconnect}
 * does not count); {@code takeover_ms} is the time from the fault marker to the takeover marker (e.g. "VIP moved");
 * {@code recovery_ms} is from the fault to the first 50 ms bucket, after the first disturbed one, in which every
 * surviving session saw an echo again (0 when no bucket after the fault was disturbed). Missing figures print as
 * {@code n/a}.
 */
public record FailoverReport(int survived, int sessions, long worstGapMs, Optional<Long> takeoverMs,
                             Optional<Long> recoveryMs, int resets, int reconnects, int echoErrors,
                             double latencyP99Ms) {

    public static FailoverReport of(FleetReport fleet, List<SeriesRow> series, List<Marker> markers,
                                    String faultLabel, String takeoverLabel) {
        int survived = (int) fleet.sessions().stream()
                .filter(s -> s.id() < fleet.sessionsTarget() && "OPEN".equals(s.state())).count();
        Optional<Long> fault = at(markers, faultLabel);
        Optional<Long> takeover = at(markers, takeoverLabel);
        Optional<Long> takeoverMs = fault.isPresent() && takeover.isPresent()
                ? Optional.of(takeover.get() - fault.get()) : Optional.empty();
        Optional<Long> recoveryMs = fault.map(f -> recovery(series, f, survived));
        long worstGapMs = fault.map(f -> gapAcross(fleet, f)).orElse(Math.round(fleet.worstGapMs()));
        return new FailoverReport(survived, fleet.sessionsTarget(), worstGapMs, takeoverMs,
                recoveryMs, fleet.resets(), fleet.reconnects(), fleet.echoErrors(), fleet.latencyP99Ms());
    }

    /**
     * The largest gap of any session that ended after the fault: what the failover cost. Gaps that ended before it
     * (a cold JVM's warm-up on a busy machine) are the lab's, not the failover's; the whole run's worst is in the
     * fleet report.
     */
    private static long gapAcross(FleetReport fleet, long faultEpochMs) {
        double worst = 0;
        for (FleetReport.Session s : fleet.sessions()) {
            if (s.maxGapEndEpochMs() >= faultEpochMs) {
                worst = Math.max(worst, s.maxGapMs());
            }
            for (FleetReport.Gap g : s.gaps()) {
                if (g.endEpochMs() >= faultEpochMs) {
                    worst = Math.max(worst, g.gapMs());
                }
            }
        }
        return Math.round(worst);
    }

    private static long recovery(List<SeriesRow> series, long faultEpochMs, int survivors) {
        boolean disturbed = false;
        for (SeriesRow r : series) {
            if (r.epochMs() < faultEpochMs) {
                continue;
            }
            if (r.sessions() < survivors) {
                disturbed = true;
            } else if (disturbed) {
                return r.epochMs() - faultEpochMs;
            }
        }
        return disturbed ? series.get(series.size() - 1).epochMs() + LatencySeries.BUCKET_MS - faultEpochMs : 0;
    }

    private static Optional<Long> at(List<Marker> markers, String label) {
        return markers.stream().filter(m -> m.label().equals(label)).map(Marker::epochMs).findFirst();
    }

    /** One line of {@code key=value} words, as the bench and demo print it. */
    public String line() {
        return "survived=" + survived + "/" + sessions + " worst_gap_ms=" + worstGapMs
                + " takeover_ms=" + takeoverMs.map(String::valueOf).orElse("n/a")
                + " recovery_ms=" + recoveryMs.map(String::valueOf).orElse("n/a")
                + " resets=" + resets + " reconnects=" + reconnects + " echo_errors=" + echoErrors;
    }

    /** The same figures for a person reading the demo's output. */
    public String text() {
        return String.format(Locale.ROOT, """
                sessions alive after the failover: %d of %d
                largest gap between echoes (worst session): %d ms
                takeover (fault to takeover marker): %s
                all sessions echoing again after: %s
                resets: %d, reconnects: %d, wrong echoes: %d, echo latency p99: %.1f ms
                """, survived, sessions, worstGapMs, takeoverMs.map(v -> v + " ms").orElse("n/a"),
                recoveryMs.map(v -> v + " ms").orElse("n/a"), resets, reconnects, echoErrors, latencyP99Ms);
    }
}
