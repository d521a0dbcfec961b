package io.fw443.cli;

import io.fw443.mgmt.ClusterView;
import io.fw443.mgmt.ManagementClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fw443 members}: the replication group and each peer's sync state. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "List cluster members with their sync lag and resync state.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:the node answered with an error", "2:node unreachable"})
final class MembersCommand implements Callable<Integer> {
    @Mixin
    ManagementOptions mgmt;

    @Override
    public Integer call() {
        return mgmt.run(client -> {
            ManagementClient.Reply reply = client.get("/cluster");
            if (mgmt.json()) {
                return mgmt.printJsonAnswer(reply);
            }
            ClusterView c = mgmt.read(reply, ClusterView.class);
            mgmt.out().printf("view %d, coordinator %s (* = this node)%n", c.viewId(), c.coordinator());
            table(c).print(mgmt.out(), "");
            return ManagementOptions.EXIT_OK;
        });
    }

    static TextTable table(ClusterView c) {
        TextTable t = new TextTable("ID", "ADDRESS", "STATE", "SYNC LAG", "RESYNC");
        for (ClusterView.Member m : c.members()) {
            t.row(m.id().equals(c.nodeId()) ? m.id() + "*" : m.id(), m.address(), Text.lower(m.state()),
                    m.syncLagMs() == null ? null : m.syncLagMs() + " ms", resync(m.resync()));
        }
        return t;
    }

    static String resync(ClusterView.Resync r) {
        String state = Text.lower(r.state());
        return r.state() == ClusterView.ResyncState.IN_SYNC ? state : state + " " + Math.round(r.progress() * 100) + "%";
    }
}
