package io.fw443.dataplane;

import io.fw443.config.ConfigLoader;
import io.fw443.config.ConfigResult;
import io.fw443.config.NodeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A two-interface node for data-plane tests: inside (1) 192.0.2.2/24 and 2001:db8:1::2/64, outside (2)
 * 198.51.100.2/24 and 2001:db8:2::2/64 with MTU 1280, a static route to 203.0.113.0/24 via 198.51.100.254; each
 * interface's frames go to a list.
 */
final class TestNode {
    static final byte[] INSIDE_MAC = Frames.mac("02:00:00:00:01:01");
    static final byte[] OUTSIDE_MAC = Frames.mac("02:00:00:00:02:02");
    static final String YAML = """
            node: { id: fw-t, data-dir: /tmp/fw-t }
            interfaces:
              - { name: inside,  device: eth1, role: data, zone: clients, mac: "02:00:00:00:01:01",
                  addresses: [192.0.2.2/24, "2001:db8:1::2/64"] }
              - { name: outside, device: eth2, role: data, zone: servers, mac: "02:00:00:00:02:02", mtu: 1280,
                  addresses: [198.51.100.2/24, "2001:db8:2::2/64"], icmp-echo: false }
            routes:
              - { to: 203.0.113.0/24, via: 198.51.100.254, interface: outside }
            policy: { default: drop }
            vrrp: { groups: [ { id: 51, interface: inside, vips: [192.0.2.1/24] } ] }
            management: { socket: /tmp/fw-t.sock }
            """;

    final NodeConfig config;
    final RoutingTable routes;
    final DataInterface[] interfaces;
    final List<List<byte[]>> sent = new ArrayList<>();

    TestNode() {
        this(YAML);
    }

    /** A node from {@code yaml}, e.g. {@link #YAML} with another policy. */
    TestNode(String yaml) {
        ConfigResult r = ConfigLoader.parse(yaml, "fw-t.yaml", Path.of("/tmp"));
        if (!r.ok()) {
            throw new IllegalStateException(r.problems().toString());
        }
        config = r.config();
        routes = RoutingTable.fromConfig(config);
        interfaces = DataInterface.fromConfig(config, device -> {
            throw new IllegalStateException("MACs are configured");
        }, () -> new NeighbourCache(64, 30_000_000_000L, 1_000_000_000L));
        sent.add(List.of());
        for (int i = 1; i < interfaces.length; i++) {
            List<byte[]> frames = new ArrayList<>();
            sent.add(frames);
            interfaces[i].sink((frame, length) -> frames.add(Arrays.copyOf(frame, length)));
        }
    }

    DataInterface inside() {
        return interfaces[1];
    }

    DataInterface outside() {
        return interfaces[2];
    }

    List<byte[]> sentOn(int index) {
        return sent.get(index);
    }
}
