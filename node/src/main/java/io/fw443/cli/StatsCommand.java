package io.fw443.cli;

import io.fw443.mgmt.ManagementClient;
import io.fw443.mgmt.StatsView;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fw443 stats}: traffic and verdict counters since the node started. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Show packet, byte and verdict counters and the table's fill.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:the node answered with an error", "2:node unreachable"})
final class StatsCommand implements Callable<Integer> {
    @Mixin
    ManagementOptions mgmt;

    @Override
    public Integer call() {
        return mgmt.run(client -> {
            ManagementClient.Reply reply = client.get("/stats");
            if (mgmt.json()) {
                return mgmt.printJsonAnswer(reply);
            }
            StatsView s = mgmt.read(reply, StatsView.class);
            mgmt.out().printf("packets  %d%nbytes    %d%nflows    %d of %d%n", s.packets(), s.bytes(), s.tableSize(),
                    s.tableCapacity());
            TextTable t = new TextTable("VERDICT", "REASON", "COUNT");
            for (Map.Entry<String, Map<String, Long>> verdict : s.verdicts().entrySet()) {
                verdict.getValue().entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(reason -> t.row(verdict.getKey(), reason.getKey(), reason.getValue()));
            }
            t.print(mgmt.out(), "");
            if (!s.conntrackDrops().isEmpty()) {
                TextTable tracking = new TextTable("CONNTRACK DROP", "COUNT");
                s.conntrackDrops().entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(e -> tracking.row(e.getKey(), e.getValue()));
                mgmt.out().println();
                tracking.print(mgmt.out(), "");
            }
            return ManagementOptions.EXIT_OK;
        });
    }
}
