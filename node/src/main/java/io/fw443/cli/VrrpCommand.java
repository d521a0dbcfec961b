package io.fw443.cli;

import io.fw443.mgmt.ManagementClient;
import io.fw443.mgmt.VrrpView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fw443 vrrp}: each VRRP group, its state here and who is master. */
@Command(name = "vrrp", mixinStandardHelpOptions = true,
        description = "List VRRP groups: state on this node, priorities, master, virtual addresses.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:the node answered with an error", "2:node unreachable"})
final class VrrpCommand implements Callable<Integer> {
    @Mixin
    ManagementOptions mgmt;

    @Override
    public Integer call() {
        return mgmt.run(client -> {
            ManagementClient.Reply reply = client.get("/vrrp");
            if (mgmt.json()) {
                return mgmt.printJsonAnswer(reply);
            }
            VrrpView v = mgmt.read(reply, VrrpView.class);
            TextTable t = new TextTable("GROUP", "INTERFACE", "STATE", "PRIORITY", "EFFECTIVE", "MASTER", "VIPS");
            for (VrrpView.Group g : v.groups()) {
                t.row(g.id(), g.interfaceName(), Text.lower(g.state()), g.priority(), g.effectivePriority(),
                        g.master(), String.join(",", g.vips()));
            }
            t.print(mgmt.out(), "");
            return ManagementOptions.EXIT_OK;
        });
    }
}
