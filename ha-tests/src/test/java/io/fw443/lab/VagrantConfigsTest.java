package io.fw443.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fw443.config.ConfigLoader;
import io.fw443.config.ConfigResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed vagrant/generated files are the generator's output, and they describe the lab's plan. */
class VagrantConfigsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path GENERATED = ROOT.resolve("vagrant/generated");

    @Test
    void committedFilesAreTheGeneratorsOutput() throws Exception {
        Map<String, String> files = VagrantConfigs.files();
        assertEquals(java.util.Set.of("lab.json", "fw-a.yaml", "fw-b.yaml"), files.keySet());
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path committed = GENERATED.resolve(f.getKey());
            assertTrue(Files.exists(committed), committed + " is missing; regenerate (see VagrantConfigs)");
            assertEquals(f.getValue(), Files.readString(committed), committed + " differs from io.fw443.lab."
                    + "VagrantConfigs' output; regenerate it with VagrantConfigs vagrant/generated and commit it");
        }
    }

    @Test
    void nodeConfigsAreValidWithTheVmsNicsAndPaths() throws Exception {
        for (String firewall : new String[] {"fw-a", "fw-b"}) {
            String yaml = VagrantConfigs.yaml(firewall);
            assertTrue(yaml.contains("device: inside0,") && yaml.contains("device: outside0,")
                    && yaml.contains("device: sync0,"), yaml);
            assertTrue(yaml.contains("key-store: /etc/fw443/keys/cluster.p12"), yaml);
            assertTrue(yaml.contains("data-dir: /var/lib/fw443/" + firewall), yaml);
            // The stack file only exists inside a VM; the repository's copy is the same file.
            String here = yaml.replace(VagrantConfigs.STACK.toString(),
                    ROOT.resolve("config/jgroups-tcp.xml").toString());
            ConfigResult result = ConfigLoader.parse(here, firewall + ".yaml", null);
            assertTrue(result.ok(), firewall + ": " + result.problems());
        }
    }

    @Test
    void labJsonHasTheLabsAddressesAndRoutesThroughTheVips() throws Exception {
        JsonNode vms = new ObjectMapper().readTree(VagrantConfigs.labJson()).get("vms");
        assertEquals(4, vms.size());
        JsonNode client = vms.get(0);
        assertEquals("client", client.get("name").asText());
        assertEquals("192.0.2.10/24", client.get("nics").get(0).get("address").asText());
        assertEquals("inside0", client.get("nics").get(0).get("name").asText());
        assertEquals("198.51.100.0/24", client.get("routes").get(0).get("to").asText());
        assertEquals(Topology.INSIDE_VIP, client.get("routes").get(0).get("via").asText());
        JsonNode fwB = vms.get(2);
        assertEquals("fw-b", fwB.get("name").asText());
        assertEquals("203.0.113.3/24", fwB.get("nics").get(2).get("address").asText());
        assertEquals(0, fwB.get("routes").size());
        JsonNode server = vms.get(3);
        assertEquals("198.51.100.100/24", server.get("nics").get(0).get("address").asText());
        assertEquals("outside0", server.get("nics").get(0).get("name").asText());
        assertEquals("192.0.2.0/24", server.get("routes").get(0).get("to").asText());
        assertEquals(Topology.OUTSIDE_VIP, server.get("routes").get(0).get("via").asText());
    }
}
