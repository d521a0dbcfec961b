package io.fw443.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "0s, 0",
        "50ms, 50000000",
        "2s, 2000000000",
        "1m, 60000000000",
        "2h, 7200000000000",
        "5d, 432000000000000",
        "40.95s, 40950000000",
        "1.5ms, 1500000",
        "10us, 10000",
        "7ns, 7",
    })
    void parsesDurations(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), Durations.parse(text).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "-1s", "1 s", "1S", "1.5ns", "s", "1sec", "1.s", "", "99999999999999d", "1e3ms"})
    void rejectsBadDurations(String text) {
        assertFalse(Durations.parse(text).ok(), text);
    }

    @Test
    void rejectsDurationsBeyondTenYears() {
        assertTrue(Durations.parse("3651d").error().contains("longest duration accepted, 3650d"));
        assertTrue(Durations.parse("3650d").ok());
    }

    @ParameterizedTest
    @CsvSource({
        "40950000000, 40.95s",
        "10000000, 10ms",
        "432000000000000, 5d",
        "1000, 1us",
        "1, 1ns",
        "0, 0s",
        "90000000000, 1.5m",
        "61000000000, 61s",
    })
    void formatsDurations(long nanos, String text) {
        assertEquals(text, Durations.format(Duration.ofNanos(nanos)));
    }

    @ParameterizedTest
    @CsvSource({"500/s, 500, 1", "300/m, 300, 60", "1000/h, 1000, 3600"})
    void parsesRates(String text, long count, long periodSeconds) {
        Rate rate = Durations.parseRate(text).value();
        assertEquals(new Rate(count, Duration.ofSeconds(periodSeconds)), rate);
        assertEquals(text, rate.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "500/sec", "0/s", "/s", "500/d", "-5/s", "5.5/s"})
    void rejectsBadRates(String text) {
        assertFalse(Durations.parseRate(text).ok(), text);
    }

    @Test
    void rateInEventsPerSecond() {
        assertEquals(5.0, new Rate(300, Duration.ofMinutes(1)).perSecond(), 1e-9);
    }
}
