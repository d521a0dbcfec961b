package io.fw443.vrrp;

import static io.fw443.vrrp.Ip.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5798 §6.1 timer arithmetic; expected values worked out by hand in the comments. */
class VrrpTimersTest {

    @ParameterizedTest(name = "priority {0}, interval {1} cs -> skew {2} ns, down {3} ns")
    @CsvSource({
        // (256-100)*100cs/256 = 60.9375 cs; 3*1 s + 0.609375 s
        "100, 100, 609375000, 3609375000",
        // (256-200)*100/256 = 21.875 cs
        "200, 100, 218750000, 3218750000",
        // (256-254)*100/256 = 0.78125 cs
        "254, 100, 7812500, 3007812500",
        // owner: 1/256 of the interval
        "255, 100, 3906250, 3003906250",
        // 50 ms interval (fw443's lab): (256-150)*5/256 = 2.0703125 cs
        "150, 5, 20703125, 170703125",
        // largest interval 40.95 s, lowest priority: 255*4095/256 cs = 4079.00390625 cs, ns truncated
        "1, 4095, 40790039062, 163640039062",
    })
    void skewAndMasterDownInterval(int priority, int intervalCs, long skewNs, long masterDownNs) {
        assertEquals(skewNs, VrrpMachine.skewTimeNs(priority, intervalCs));
        assertEquals(masterDownNs, VrrpMachine.masterDownIntervalNs(priority, intervalCs));
    }

    @ParameterizedTest(name = "configured {0} demoted by {1} -> {2}")
    @CsvSource({
        "100, 0, 100",
        "100, 30, 70",
        "100, 99, 1",
        "100, 150, 1",     // never 0: that would read as a resignation
        "254, 0, 254",
        "1, 10, 1",
        "255, 0, 255",
        "255, 200, 255",   // the owner is not demoted
    })
    void effectivePriorityIsClamped(int configured, int demotion, int expected) {
        VrrpMachine machine = new VrrpMachine(VrrpGroupConfig.of(1, configured, ip("192.0.2.5"), ip("192.0.2.1")));
        assertEquals(expected, machine.effectivePriority(demotion));
    }

    @ParameterizedTest
    @CsvSource({"0, 100", "256, 100", "1, 0", "1, 4096"})
    void configRejectsOutOfRangeVridOrInterval(int vrid, int intervalCs) {
        assertThrows(IllegalArgumentException.class, () -> new VrrpGroupConfig(vrid, 100, intervalCs, true, 0,
            false, ip("192.0.2.5"), List.of(ip("192.0.2.1")), false, 5));
    }

    @Test
    void configRejectsMixedFamiliesAndEmptyVips() {
        assertThrows(IllegalArgumentException.class,
            () -> VrrpGroupConfig.of(1, 100, ip("192.0.2.5"), ip("2001:db8::1")));
        assertThrows(IllegalArgumentException.class, () -> VrrpGroupConfig.of(1, 100, ip("192.0.2.5")));
        assertThrows(IllegalArgumentException.class, () -> VrrpGroupConfig.of(1, 0, ip("192.0.2.5"), ip("192.0.2.1")));
    }
}
