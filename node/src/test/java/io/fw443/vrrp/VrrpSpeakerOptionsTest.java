package io.fw443.vrrp;

import static io.fw443.vrrp.Ip.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VrrpSpeakerOptionsTest {
    @Test
    void aFullCommandLine() {
        VrrpSpeakerOptions o = VrrpSpeakerOptions.parse(
                "--group", "vrid=51,dev=eth1,priority=150,vips=192.0.2.1+192.0.2.5,advert-ms=50,primary=192.0.2.2,"
                        + "preempt=false,preempt-delay-ms=2000,accept=true,vmac=true,garp=3,peer-death-shortcut=true",
                "--group", "vrid=52,dev=eth2,vips=198.51.100.1",
                "--sync-group", "gateway=51+52",
                "--garp-spacing-ms", "20", "--garp-refresh-ms", "0",
                "--track-interface", "eth1=100", "--track-sync", "eth3=50",
                "--track-resync", "120=/run/resync-pending", "--track-interval-ms", "50",
                "--notify", "/etc/fw443/notify.sh", "--notify-timeout-ms", "2000",
                "--peer-death", "listen=203.0.113.2:7870,connect=203.0.113.3:7870,peers=192.0.2.3+198.51.100.3",
                "--status-file", "/run/status");

        VrrpSpeakerOptions.Group g = o.groups().get(0);
        assertEquals(new VrrpGroupConfig(51, 150, 5, false, 2000, true, ip("192.0.2.2"),
                List.of(ip("192.0.2.1"), ip("192.0.2.5")), true, 3), g.config(g.primary()));
        assertTrue(g.virtualMac());
        assertEquals("eth1", g.device());
        VrrpSpeakerOptions.Group defaults = o.groups().get(1);
        assertNull(defaults.primary(), "taken from the interface at start-up");
        assertEquals(new VrrpGroupConfig(52, 100, 100, true, 0, false, ip("198.51.100.2"),
                List.of(ip("198.51.100.1")), false, 5), defaults.config(ip("198.51.100.2")));
        assertFalse(defaults.virtualMac());
        assertEquals(Map.of("gateway", Set.of(51, 52)), o.syncGroups());
        assertEquals(20, o.garpSpacingMs());
        assertEquals(0, o.garpRefreshMs());
        assertEquals(new VrrpTracking(0, 50, 120, Map.of("eth1", 100)), o.tracking());
        assertEquals("eth3", o.trackSyncDevice());
        assertEquals(Path.of("/run/resync-pending"), o.resyncPendingFile());
        assertEquals(50, o.trackIntervalMs());
        assertEquals(Path.of("/etc/fw443/notify.sh"), o.notifyScript());
        assertEquals(Duration.ofSeconds(2), o.notifyTimeout());
        assertEquals(new VrrpSpeakerOptions.PeerDeath(new InetSocketAddress(ip("203.0.113.2"), 7870),
                new InetSocketAddress(ip("203.0.113.3"), 7870), List.of(ip("192.0.2.3"), ip("198.51.100.3"))),
                o.peerDeath());
        assertEquals(Path.of("/run/status"), o.statusFile());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no group                |--status-file|/tmp/s|at least one --group",
        "unknown option          |--frobnicate|1|unknown option",
        "interval not in cs      |--group|vrid=51,dev=eth1,vips=192.0.2.1,advert-ms=55|multiple of 10",
        "VRID out of range       |--group|vrid=256,dev=eth1,vips=192.0.2.1|vrid must be 1..255",
        "host name as VIP        |--group|vrid=51,dev=eth1,vips=gateway.example|not an IP address",
        "mixed families          |--group|vrid=51,dev=eth1,vips=192.0.2.1+2001:db8::1|family",
        "missing device          |--group|vrid=51,vips=192.0.2.1|missing dev=",
        "unknown group key       |--group|vrid=51,dev=eth1,vips=192.0.2.1,prio=5|unknown key prio",
        "not a boolean           |--group|vrid=51,dev=eth1,vips=192.0.2.1,preempt=yes|true or false",
        "peer without port       |--peer-death|listen=203.0.113.2,connect=203.0.113.3:1,peers=192.0.2.3|ADDRESS:PORT",
    })
    void badCommandLinesNameTheirProblem(String name, String option, String value, String message) {
        String[] args = option.equals("--group") || name.equals("no group") ? new String[] {option, value}
                : new String[] {"--group", "vrid=51,dev=eth1,vips=192.0.2.1", option, value};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VrrpSpeakerOptions.parse(args));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void anOptionWithoutItsValue() {
        assertThrows(IllegalArgumentException.class, () -> VrrpSpeakerOptions.parse("--group"));
    }
}
