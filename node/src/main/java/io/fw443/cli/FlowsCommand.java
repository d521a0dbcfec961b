package io.fw443.cli;

import io.fw443.mgmt.FlowView;
import io.fw443.mgmt.FlowsPage;
import io.fw443.mgmt.ManagementClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fw443 flows}: one page of the flow table. Filters go to the node as given; the node validates them, so the
 * CLI and the API cannot disagree on what a filter means.
 */
@Command(name = "flows", mixinStandardHelpOptions = true,
        description = "List flows in the table, filtered and paged.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:bad filter or the node answered with an error", "2:node unreachable"})
final class FlowsCommand implements Callable<Integer> {
    @Mixin
    ManagementOptions mgmt;

    @Option(names = "--src", paramLabel = "ADDR", description = "Initiator address (IPv4 or IPv6 literal).")
    String src;

    @Option(names = "--dst", paramLabel = "ADDR", description = "Responder address.")
    String dst;

    @Option(names = "--address", paramLabel = "ADDR", description = "Either end's address.")
    String address;

    @Option(names = "--port", paramLabel = "PORT", description = "Either end's port.")
    String port;

    @Option(names = "--sni", paramLabel = "NAME", description = "Server name, exact or *.suffix.")
    String sni;

    @Option(names = "--state", paramLabel = "STATE", description = "Conntrack state (established, syn_sent, stream...).")
    String state;

    @Option(names = "--limit", paramLabel = "N", description = "Page size, 1..1000 (default 100).")
    String limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue after the previous page.")
    String cursor;

    @Override
    public Integer call() {
        return mgmt.run(client -> {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("address", address);
            params.put("src", src);
            params.put("dst", dst);
            params.put("port", port);
            params.put("sni", sni);
            params.put("state", state);
            params.put("limit", limit);
            params.put("cursor", cursor);
            ManagementClient.Reply reply = client.get(ManagementClient.target("/flows", params));
            if (mgmt.json()) {
                return mgmt.printJsonAnswer(reply);
            }
            FlowsPage page = mgmt.read(reply, FlowsPage.class);
            TextTable t = new TextTable("PROTO", "SOURCE", "DESTINATION", "STATE", "SNI", "AGE", "IDLE", "PACKETS",
                    "BYTES", "ORIGIN", "FLAGS");
            for (FlowView f : page.flows()) {
                t.row(f.proto(), Text.endpoint(f.src(), f.sport()), Text.endpoint(f.dst(), f.dport()), f.state(),
                        f.sni(), f.ageS() == null ? null : Text.seconds(f.ageS()), Text.seconds(f.idleS()), f.packets(), f.bytes(), f.origin(),
                        f.flags().isEmpty() ? null : String.join(",", f.flags()));
            }
            t.print(mgmt.out(), "");
            int n = page.flows().size();
            mgmt.out().println(n + (n == 1 ? " flow" : " flows")
                    + (page.nextCursor() == null ? "" : "; more with --cursor " + page.nextCursor()));
            return ManagementOptions.EXIT_OK;
        });
    }
}
