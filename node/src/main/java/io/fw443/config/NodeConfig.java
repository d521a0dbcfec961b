package io.fw443.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node's whole configuration, validated. Every list is immutable; sections left out of the file
 * hold their documented defaults.
 *
 * @param node identity and data directory
 * @param interfaces every interface the node uses, in file order
 * @param routes static routes, in file order
 * @param vrrp VRRP groups, sync groups and tracking (no groups when the section is absent)
 * @param cluster cluster membership and sync, absent for a standalone node
 * @param table the flow table
 * @param policy sets, rules and the default action
 * @param limits per-source limits
 * @param conntrack connection tracking timeouts
 * @param management the local management API
 * @param logging log format and level
 */
public record NodeConfig(
        NodeIdentity node,
        List<InterfaceConfig> interfaces,
        List<RouteConfig> routes,
        VrrpConfig vrrp,
        Optional<ClusterConfig> cluster,
        TableConfig table,
        PolicyConfig policy,
        LimitsConfig limits,
        ConntrackConfig conntrack,
        ManagementConfig management,
        LoggingConfig logging) {

    public NodeConfig {
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
    }

    /** The interface with this name. */
    public Optional<InterfaceConfig> interfaceNamed(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The zone names defined by data interfaces, sorted. */
    public Set<String> zones() {
        Set<String> zones = new TreeSet<>();
        interfaces.forEach(i -> i.zone().ifPresent(zones::add));
        return Set.copyOf(zones);
    }
}
