package io.fw443.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds the standard lab for real (needs root and iproute2, as CI has) and checks it is wired and removed. */
class LabTest {
    @TempDir
    Path tmp;

    @Test
    void standardLabWiresSegmentsAndRemovesEverythingItMade() throws Exception {
        String id;
        try (Lab lab = Lab.create(Topology.standard(2, 2))) {
            id = lab.id();
            assertTrue(namespaces().contains(lab.ns("fw-a")));
            // Same segment: a client reaches fw-b's inside address through the inside bridge.
            assertTrue(lab.exec("client1", "ping", "-c", "1", "-W", "2", "192.0.2.3").ok());
            // Sync link between the firewalls.
            assertTrue(lab.exec("fw-a", "ping", "-c", "1", "-W", "2", "203.0.113.3").ok());
            // Different segments are not connected: nothing routes yet.
            assertFalse(lab.exec("client1", Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", "198.51.100.100").ok());

            // A pulled cable at the switch cuts fw-b off the sync link.
            lab.link("fw-b", "eth3", false);
            assertFalse(lab.exec("fw-a", Duration.ofSeconds(5), "ping", "-c", "1", "-W", "1", "203.0.113.3").ok());
            lab.link("fw-b", "eth3", true);

            Process sleeper = lab.spawn("server", tmp.resolve("sleeper.log"), "sleep", "600");
            assertTrue(sleeper.isAlive());
            lab.close();
            assertFalse(sleeper.isAlive(), "processes started in the lab are killed on close");
        }
        assertFalse(namespaces().contains(id), "every namespace of the lab is deleted");
        assertTrue(Files.exists(tmp.resolve("sleeper.log")));
    }

    @Test
    void topologyFollowsTheLabAddressPlan() {
        Topology t = Topology.standard(1, 3);
        assertEquals("192.0.2.4/24", t.host("fw-c").device("eth1").address());
        assertEquals("203.0.113.2/24", t.host("fw-a").device("eth3").address());
        assertEquals(Topology.INSIDE_VIP, t.host("client").gateway());
        assertEquals("198.51.100.100", t.host("server").address());
        assertEquals(3, t.hostsWithRole("firewall").size());
    }

    private static String namespaces() {
        return Shell.run("ip", "netns", "list").output();
    }
}
