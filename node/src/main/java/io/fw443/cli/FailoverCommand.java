package io.fw443.cli;

import io.fw443.mgmt.FailoverResult;
import io.fw443.mgmt.ManagementClient;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fw443 failover --group N}: move a VRRP group's mastership away from its current master. */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Move VRRP group N's mastership away from its current master.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:failover started", "1:unknown group or refused", "2:node unreachable"})
final class FailoverCommand implements Callable<Integer> {
    @Mixin
    ManagementOptions mgmt;

    @Option(names = "--group", paramLabel = "N", required = true, description = "VRRP group id (VRID), 1..255.")
    int group;

    @Override
    public Integer call() {
        return mgmt.run(client -> {
            ManagementClient.Reply reply = client.post(
                    ManagementClient.target("/failover", Map.of("group", Integer.toString(group))));
            if (mgmt.json()) {
                return mgmt.printJsonAnswer(reply);
            }
            FailoverResult r = mgmt.read(reply, FailoverResult.class);
            mgmt.out().println("group " + r.group() + ": " + r.detail());
            return ManagementOptions.EXIT_OK;
        });
    }
}
