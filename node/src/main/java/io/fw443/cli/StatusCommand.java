package io.fw443.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fw443.mgmt.ClusterView;
import io.fw443.mgmt.HealthView;
import io.fw443.mgmt.ManagementClient;
import io.fw443.mgmt.StatsView;
import io.fw443.mgmt.VrrpView;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code fw443 status}: the node and its cluster at a glance, with an exit code a monitoring script can use: 0
 * healthy, 1 degraded or failed, 2 unreachable.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the node and the cluster at a glance: health, members, masters, sync lag, flows, drops.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:healthy", "1:degraded or failed (or the node answered with an error)",
            "2:node unreachable (not running, no permission, no answer)"})
final class StatusCommand implements Callable<Integer> {
    /** How many drop reasons the summary names. */
    private static final int TOP_DROPS = 5;
    /** The verdicts whose reasons are not drops: passed on, or for the node itself (ARP, VRRP, echo). */
    private static final java.util.Set<String> NOT_DROPS = java.util.Set.of("forward", "host");

    @Mixin
    ManagementOptions mgmt;

    @Override
    public Integer call() {
        return mgmt.run(client -> {
            ManagementClient.Reply health = client.get("/health");
            // /health answers 503 with a normal body when the node has failed: that is a status, not an error.
            if (!health.ok() && health.status() != 503) {
                throw mgmt.failure(health);
            }
            ManagementClient.Reply cluster = client.get("/cluster");
            ManagementClient.Reply vrrp = client.get("/vrrp");
            ManagementClient.Reply stats = client.get("/stats");
            HealthView h = mgmt.decode(health, HealthView.class);
            if (mgmt.json()) {
                ObjectNode all = JsonNodeFactory.instance.objectNode();
                all.set("health", mgmt.tree(health));
                all.set("cluster", mgmt.tree(okOrFail(cluster)));
                all.set("vrrp", mgmt.tree(okOrFail(vrrp)));
                all.set("stats", mgmt.tree(okOrFail(stats)));
                mgmt.printJson(all);
            } else {
                print(h, mgmt.read(cluster, ClusterView.class), mgmt.read(vrrp, VrrpView.class),
                        mgmt.read(stats, StatsView.class));
            }
            return h.status() == HealthView.Status.HEALTHY ? ManagementOptions.EXIT_OK : ManagementOptions.EXIT_FAILURE;
        });
    }

    private ManagementClient.Reply okOrFail(ManagementClient.Reply reply) throws ApiFailure {
        if (!reply.ok()) {
            throw mgmt.failure(reply);
        }
        return reply;
    }

    private void print(HealthView h, ClusterView c, VrrpView v, StatsView s) {
        PrintWriter out = mgmt.out();
        out.println("node " + c.nodeId() + ": " + Text.lower(h.status()));
        for (String reason : h.reasons()) {
            out.println("  - " + reason);
        }
        out.printf("cluster: view %d, coordinator %s (* = this node)%n", c.viewId(), c.coordinator());
        MembersCommand.table(c).print(out, "  ");
        out.println("groups:");
        TextTable groups = new TextTable("GROUP", "INTERFACE", "MASTER", "HERE", "PRIORITY");
        for (VrrpView.Group g : v.groups()) {
            groups.row(g.id(), g.interfaceName(), g.master(), Text.lower(g.state()),
                    g.effectivePriority() == g.priority() ? Integer.toString(g.priority())
                            : g.effectivePriority() + "/" + g.priority());
        }
        groups.print(out, "  ");
        out.println("flows: " + s.tableSize() + " of " + s.tableCapacity());
        String drops = s.verdicts().entrySet().stream()
                .filter(verdict -> !NOT_DROPS.contains(verdict.getKey()))
                .flatMap(verdict -> verdict.getValue().entrySet().stream())
                .filter(reason -> reason.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_DROPS)
                .map(reason -> reason.getKey() + " " + reason.getValue())
                .collect(Collectors.joining(", "));
        out.println("top drops: " + (drops.isEmpty() ? "none" : drops));
    }
}
