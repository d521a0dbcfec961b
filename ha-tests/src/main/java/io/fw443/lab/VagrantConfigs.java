package io.fw443.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Vagrant lab's generated files, from the same {@link Topology#standard(int, int)} plan as the namespace lab:
 * vagrant/generated/fw-a.yaml and fw-b.yaml, the node configs {@link NodeConfigs} makes, with the VMs' paths and NIC
 * names; and vagrant/generated/lab.json, every VM's NICs, addresses and routes, which the Vagrantfile reads. The
 * files are committed (Vagrant and provisioning read them) and a test fails when they differ from this output:
 * <pre>
 * java -cp "ha-tests/target/classes:$(cat ha-tests/target/classpath.txt)" io.fw443.lab.VagrantConfigs vagrant/generated
 * </pre>
 * NICs: a VM's names for its lab NICs depend on the box and the provider (eth1.., ens6..), so provisioning renames
 * them by MAC (vagrant/provision/network.sh, systemd .link files) after their segment: {@link #nicName(String)},
 * inside0, outside0, sync0. Not to the namespace lab's eth1..eth3: those are the kernel's own names, and a rename
 * to one races with the kernel naming another NIC.
 */
public final class VagrantConfigs {
    public static final Path STACK = Path.of("/opt/fw443/config/jgroups-tcp.xml");
    public static final Path KEYS = Path.of("/etc/fw443/keys");
    public static final Path RUN_DIR = Path.of("/var/lib/fw443");
    private static final ObjectMapper JSON = new ObjectMapper();

    private VagrantConfigs() {
    }

    /** The lab the VMs reproduce: one client, fw-a and fw-b, one server. */
    public static Topology topology() {
        return Topology.standard(1, 2);
    }

    /** What vagrant/generated/{@code firewall}.yaml holds. */
    public static String yaml(String firewall) {
        Topology.Host host = topology().host(firewall);
        return NodeConfigs.yaml(topology(), firewall, NodeConfigs.Settings.defaults(), STACK, KEYS, RUN_DIR,
                device -> nicName(host.device(device).segment()));
    }

    /** A lab NIC's name in a VM: its segment's name and 0. */
    public static String nicName(String segment) {
        return segment + "0";
    }

    /** One VM of lab.json: its NICs (named by {@link #nicName(String)}) and its routes through the VIPs. */
    public record Vm(String name, String role, List<Nic> nics, List<Route> routes) {}

    public record Nic(String name, String segment, String address) {}

    public record Route(String to, String via) {}

    /**
     * What vagrant/generated/lab.json holds: every host of the topology as a VM. A client or server routes the other
     * data segment through its gateway (the VIP on its side); the sync segment stays the firewalls' own.
     */
    public static String labJson() throws IOException {
        Topology t = topology();
        List<Vm> vms = new ArrayList<>();
        for (Topology.Host h : t.hosts()) {
            List<Nic> nics = h.interfaces().stream()
                    .map(i -> new Nic(nicName(i.segment()), i.segment(), i.address())).toList();
            List<Route> routes = new ArrayList<>();
            if (h.gateway() != null) {
                for (Topology.Segment seg : t.segments()) {
                    boolean own = nics.stream().anyMatch(n -> n.segment().equals(seg.name()));
                    if (!own && !seg.name().equals(Topology.SYNC)) {
                        routes.add(new Route(seg.cidr(), h.gateway()));
                    }
                }
            }
            vms.add(new Vm(h.name(), h.role(), nics, List.copyOf(routes)));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("vms", vms)) + "\n";
    }

    /** Every generated file by name: lab.json and one node config per firewall. */
    public static Map<String, String> files() throws IOException {
        Map<String, String> files = new TreeMap<>();
        files.put("lab.json", labJson());
        for (String firewall : NodeConfigs.firewallNames(topology())) {
            files.put(firewall + ".yaml", yaml(firewall));
        }
        return files;
    }

    /** Writes {@link #files()} into {@code dir}. */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> f : files().entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: VagrantConfigs DIR (vagrant/generated)");
            System.exit(2);
        }
        write(Path.of(args[0]));
    }
}
