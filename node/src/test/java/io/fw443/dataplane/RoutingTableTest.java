package io.fw443.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fw443.engine.Router;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingTableTest {
    private final RoutingTable routes = new TestNode().routes;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // own addresses go to the host path, their subnets out of their interface
        "192.0.2.2, LOCAL",
        "192.0.2.10, 1",
        "198.51.100.2, LOCAL",
        "198.51.100.100, 2",
        // the static route, and what no route covers
        "203.0.113.77, 2",
        "10.0.0.1, NONE",
        "192.0.3.1, NONE",
        // groups: ARP-less IPv4 multicast, limited broadcast, IPv6 multicast (ND solicitations)
        "224.0.0.18, LOCAL",
        "255.255.255.255, LOCAL",
        "2001:db8:1::2, LOCAL",
        "2001:db8:1::10, 1",
        "2001:db8:2::100, 2",
        "ff02::1:ff00:2, LOCAL",
        "2001:db8:3::1, NONE",
    })
    void longestPrefixWins(String destination, String expected) {
        byte[] a = Frames.address(destination);
        int want = switch (expected) {
            case "LOCAL" -> Router.LOCAL;
            case "NONE" -> Router.NONE;
            default -> Integer.parseInt(expected);
        };
        assertEquals(want, routes.egressInterface(a.length == 4 ? 4 : 6, a, 0));
    }

    @ParameterizedTest
    @CsvSource({
        "203.0.113.77, true, 198.51.100.254",
        "198.51.100.100, false, ''",
    })
    void nextHopIsTheGatewayOnlyForStaticRoutes(String destination, boolean viaGateway, String gateway) {
        byte[] a = Frames.address(destination);
        int route = routes.lookup(4, a, 0);
        assertEquals(viaGateway, routes.hasGateway(route));
        if (viaGateway) {
            byte[] g = Frames.address(gateway);
            assertEquals(RoutingTable.readInt(g, 0) & 0xFFFF_FFFFL, routes.gatewayLow(route));
        }
    }

    @ParameterizedTest
    @CsvSource({"4, -1", "4, 1", "6, 0", "5, 0"})
    void anAddressOutsideTheBufferOrOfNoFamilyHasNoRoute(int family, int offset) {
        assertEquals(Router.NONE, routes.egressInterface(family, new byte[4], offset));
    }
}
