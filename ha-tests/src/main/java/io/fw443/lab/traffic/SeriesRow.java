package io.fw443.lab.traffic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One 50 ms bucket of the fleet's time series: echoes that arrived in it, how many sessions saw at least one, and
 * the median and maximum latency of those echoes (0 when none arrived). The file is CSV with the header
 * {@value #HEADER}; {@code t_ms} counts from the fleet's start, {@code epoch_ms} is the bucket's wall-clock start.
 */
public record SeriesRow(long tMs, long epochMs, int echoes, int sessions, double medianMs, double maxMs) {
    public static final String HEADER = "t_ms,epoch_ms,echoes,sessions,median_ms,max_ms";

    String csv() {
        return String.format(Locale.ROOT, "%d,%d,%d,%d,%.3f,%.3f", tMs, epochMs, echoes, sessions, medianMs, maxMs);
    }

    static SeriesRow parse(String line) {
        String[] f = line.split(",");
        if (f.length != 6) {
            throw new IllegalArgumentException("series line needs 6 fields: " + line);
        }
        return new SeriesRow(Long.parseLong(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]),
                Integer.parseInt(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
    }

    /** Reads a series file written by {@link TlsEchoFleet}. */
    public static List<SeriesRow> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a fleet series (header " + HEADER + ")");
        }
        List<SeriesRow> rows = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(parse(line));
            }
        }
        return rows;
    }
}
