package io.fw443.lab.traffic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The failover report line from files a run left behind, for runs that are not driven from Java (vagrant/failover.sh):
 * <pre>
 * ReportMain FLEET_JSON SERIES_CSV FAULT_EPOCH_MS SUCCESSOR_LOG [SVG]
 * </pre>
 * {@code SUCCESSOR_LOG} is the surviving node's text log (e.g. {@code journalctl -u fw443 -o cat}); its first
 * {@code BACKUP -> MASTER} line stamped at or after the fault is the takeover marker, as in the namespace lab.
 * Prints {@link FailoverReport#line()}; with {@code SVG}, also writes the timeline picture there.
 */
public final class ReportMain {
    static final String FAULT = "kill -9";
    static final String TAKEOVER = "VIP moved";
    private static final String TAKEOVER_LINE = "BACKUP -> MASTER";

    private ReportMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: ReportMain FLEET_JSON SERIES_CSV FAULT_EPOCH_MS SUCCESSOR_LOG [SVG]");
            System.exit(2);
        }
        long faultEpochMs;
        try {
            faultEpochMs = Long.parseLong(args[2].trim());
        } catch (NumberFormatException e) {
            System.err.println("ReportMain: FAULT_EPOCH_MS must be milliseconds since the epoch, not " + args[2]);
            System.exit(2);
            return;
        }
        FleetReport fleet = FleetReport.read(Path.of(args[0]));
        List<SeriesRow> series = SeriesRow.read(Path.of(args[1]));
        List<Marker> markers = markers(faultEpochMs, Files.readString(Path.of(args[3])));
        System.out.println(FailoverReport.of(fleet, series, markers, FAULT, TAKEOVER).line());
        if (args.length == 5) {
            Files.writeString(Path.of(args[4]),
                    TimelineSvg.render(series, markers, "fw443 Vagrant lab: kill -9 of the master", true));
        }
    }

    /** The fault marker and, when the log shows one, the takeover marker. */
    static List<Marker> markers(long faultEpochMs, String successorLog) {
        List<Marker> markers = new ArrayList<>(List.of(new Marker(faultEpochMs, FAULT)));
        takeover(successorLog, faultEpochMs).ifPresent(t -> markers.add(new Marker(t, TAKEOVER)));
        return markers;
    }

    /** The time of the first takeover line stamped at or after {@code faultEpochMs}; lines without a stamp are skipped. */
    static Optional<Long> takeover(String log, long faultEpochMs) {
        for (String line : log.split("\n")) {
            if (!line.contains(TAKEOVER_LINE)) {
                continue;
            }
            int space = line.indexOf(' ');
            try {
                long at = Instant.parse(space < 0 ? line : line.substring(0, space)).toEpochMilli();
                if (at >= faultEpochMs) {
                    return Optional.of(at);
                }
            } catch (DateTimeParseException e) {
                // not a text log line of the node (JSON logs, journal prefixes): no stamp to use
            }
        }
        return Optional.empty();
    }
}
