package io.fw443.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example under config/ validates. */
class ExampleConfigsTest {

    /** The repository's config/ directory, found from the node module directory Surefire runs in. */
    static final Path CONFIG_DIR = Path.of("..", "config").toAbsolutePath().normalize();

    static Stream<Path> examples() throws IOException {
        List<Path> files;
        try (Stream<Path> top = Files.list(CONFIG_DIR);
             Stream<Path> policies = Files.list(CONFIG_DIR.resolve("policy-examples"))) {
            files = Stream.concat(top, policies).filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no examples found under " + CONFIG_DIR);
        return files.stream();
    }

    /** fw-a and fw-b are one lab pair (DESIGN.md §7): they must agree with each other, not only validate. */
    @Test
    void labPairIsConsistent() {
        NodeConfig a = ConfigLoader.load(CONFIG_DIR.resolve("fw-a.yaml")).config();
        NodeConfig b = ConfigLoader.load(CONFIG_DIR.resolve("fw-b.yaml")).config();
        assertEquals(List.of("fw-a", "fw-b"), List.of(a.node().id(), b.node().id()));
        assertEquals(List.of(2, 3), List.of(a.node().nodeNumber(), b.node().nodeNumber()));
        ClusterConfig ca = a.cluster().orElseThrow();
        ClusterConfig cb = b.cluster().orElseThrow();
        assertEquals(ca.name(), cb.name());
        assertEquals(List.of(HostPort.parse("203.0.113.3:7800").value()), ca.peers());
        assertEquals(List.of(ca.bind()), cb.peers());
        assertEquals(CONFIG_DIR.resolve("jgroups-tcp.xml"), ca.stack());
        for (NodeConfig node : List.of(a, b)) {
            assertEquals(List.of(51, 52), node.vrrp().groups().stream().map(VrrpGroupConfig::id).toList());
            assertEquals(List.of(Cidr.parse("192.0.2.1/24", true).value()), node.vrrp().groups().get(0).vips());
            assertEquals(List.of(Cidr.parse("198.51.100.1/24", true).value()), node.vrrp().groups().get(1).vips());
            assertEquals(List.of(new SyncGroupConfig("gateway", List.of(51, 52))), node.vrrp().syncGroups());
            assertEquals(List.of("eth1", "eth2", "eth3"), node.interfaces().stream().map(InterfaceConfig::device).toList());
        }
        assertEquals(List.of(150, 150), a.vrrp().groups().stream().map(VrrpGroupConfig::priority).toList());
        assertEquals(List.of(100, 100), b.vrrp().groups().stream().map(VrrpGroupConfig::priority).toList());
        assertEquals(Cidr.parse("192.0.2.2/24", true).value(), a.interfaceNamed("inside").orElseThrow().addresses().get(0));
        assertEquals(Cidr.parse("192.0.2.3/24", true).value(), b.interfaceNamed("inside").orElseThrow().addresses().get(0));
        assertEquals(a.policy(), b.policy());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleValidates(Path file) {
        ConfigResult result = ConfigLoader.load(file);
        assertTrue(result.ok(), () -> file + ":\n" + String.join("\n",
                result.problems().stream().map(ConfigProblem::toString).toList()));
        assertEquals(List.of(), result.problems());
    }
}
