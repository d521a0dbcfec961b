package io.fw443.lab.traffic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What the fleet's clients saw over a run, written as JSON when the fleet stops (SIGTERM or {@code --duration-s}).
 * A gap is the time between two echoes on one session, counted from the handshake; a session still open at the end
 * counts its trailing silence too. Latency quantiles are over every echo, in 0.1 ms steps. {@code sends_skipped}
 * counts ticks on which a session did not send because {@value EchoSession#MAX_OUTSTANDING} records were unanswered.
 */
public record FleetReport(
        @JsonProperty("target") String target,
        @JsonProperty("sessions_target") int sessionsTarget,
        @JsonProperty("sessions_opened") int opened,
        @JsonProperty("alive_at_end") int aliveAtEnd,
        @JsonProperty("dead") int dead,
        @JsonProperty("failed_to_open") int failedToOpen,
        @JsonProperty("resets") int resets,
        @JsonProperty("reconnects") int reconnects,
        @JsonProperty("echo_errors") int echoErrors,
        @JsonProperty("echoes") long echoes,
        @JsonProperty("sends_skipped") long sendsSkipped,
        @JsonProperty("worst_gap_ms") double worstGapMs,
        @JsonProperty("latency_p50_ms") double latencyP50Ms,
        @JsonProperty("latency_p99_ms") double latencyP99Ms,
        @JsonProperty("latency_max_ms") double latencyMaxMs,
        @JsonProperty("interval_ms") int intervalMs,
        @JsonProperty("start_epoch_ms") long startEpochMs,
        @JsonProperty("end_epoch_ms") long endEpochMs,
        @JsonProperty("sessions") List<Session> sessions) {

    /** One session; {@code state} is OPEN (alive at the end), DEAD (broke after its handshake) or FAILED. */
    public record Session(
            @JsonProperty("id") int id,
            @JsonProperty("local") String local,
            @JsonProperty("state") String state,
            @JsonProperty("opened_epoch_ms") long openedEpochMs,
            @JsonProperty("echoes") long echoes,
            @JsonProperty("max_gap_ms") double maxGapMs,
            @JsonProperty("max_gap_end_epoch_ms") long maxGapEndEpochMs,
            @JsonProperty("resets") int resets,
            @JsonProperty("death") String death,
            @JsonProperty("gaps") List<Gap> gaps,
            @JsonProperty("gaps_not_listed") int gapsNotListed) {}

    /**
     * A gap of at least {@code --gap-log-ms} on one session (the largest {@value EchoSession#MAX_LOGGED_GAPS} are
     * listed, in time order): it ended with the echo at {@code end_epoch_ms}.
     */
    public record Gap(@JsonProperty("end_epoch_ms") long endEpochMs, @JsonProperty("gap_ms") double gapMs) {
        public long startEpochMs() {
            return endEpochMs - Math.round(gapMs);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static FleetReport read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), FleetReport.class);
    }
}
