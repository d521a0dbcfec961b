package io.fw443.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.table.FlowRecord;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConntrackTimeoutsTest {
    /** Linux's tcp_timeouts[] defaults, in seconds. */
    @ParameterizedTest(name = "{0} {1} s")
    @CsvSource({
        "SYN_SENT,    120",
        "SYN_RECV,    60",
        "ESTABLISHED, 432000",
        "FIN_WAIT,    120",
        "CLOSE_WAIT,  60",
        "LAST_ACK,    30",
        "TIME_WAIT,   120",
        "CLOSE,       10",
        "SYN_SENT2,   120",
    })
    void tcpDefaultsAreLinuxs(TcpState state, long seconds) {
        assertEquals(TimeUnit.SECONDS.toNanos(seconds), ConntrackTimeouts.defaults().tcpNs(state));
    }

    @Test
    void otherDefaultsAreLinuxs() {
        ConntrackTimeouts t = ConntrackTimeouts.defaults();
        assertEquals(TimeUnit.SECONDS.toNanos(300), t.unacknowledgedNs());
        assertEquals(TimeUnit.SECONDS.toNanos(30), t.udpNs());
        assertEquals(TimeUnit.SECONDS.toNanos(120), t.udpStreamNs());
        assertEquals(TimeUnit.SECONDS.toNanos(30), t.icmpNs());
    }

    @Test
    void builderOverridesOneValueAndLeavesTheRest() {
        ConntrackTimeouts t = ConntrackTimeouts.builder().tcpSeconds(TcpState.TIME_WAIT, 5).build();
        assertEquals(TimeUnit.SECONDS.toNanos(5), t.tcpNs(TcpState.TIME_WAIT));
        assertEquals(TimeUnit.SECONDS.toNanos(60), t.tcpNs(TcpState.SYN_RECV));
        assertEquals(TimeUnit.SECONDS.toNanos(120), ConntrackTimeouts.defaults().tcpNs(TcpState.TIME_WAIT));
    }

    @Test
    void nonPositiveOrAbsurdTimeoutsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConntrackTimeouts.builder().udpSeconds(0));
        assertThrows(IllegalArgumentException.class, () -> ConntrackTimeouts.builder().icmpSeconds(-1));
        assertThrows(IllegalArgumentException.class,
                () -> ConntrackTimeouts.builder().tcpSeconds(TcpState.ESTABLISHED, Long.MAX_VALUE / 2));
    }

    @Test
    void recordExpiresAtItsDeadline() {
        FlowRecord r = new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear().expiresAtNs(1_000);
        assertFalse(ConntrackTimeouts.expired(r, 999));
        assertTrue(ConntrackTimeouts.expired(r, 1_000));
        // Deadlines compare by difference, so a clock near the top of the long range still works.
        r.expiresAtNs(Long.MIN_VALUE + 5);
        assertFalse(ConntrackTimeouts.expired(r, Long.MAX_VALUE));
    }
}
