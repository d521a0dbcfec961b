package io.fw443.cli;

import io.fw443.mgmt.ManagementClient;
import io.fw443.mgmt.ReloadResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fw443 reload}: re-read the policy without losing flows; a bad config leaves the old one running. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Reload the policy without losing flows.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:reloaded", "1:rejected (the old policy stays)", "2:node unreachable"})
final class ReloadCommand implements Callable<Integer> {
    @Mixin
    ManagementOptions mgmt;

    @Override
    public Integer call() {
        return mgmt.run(client -> {
            ManagementClient.Reply reply = client.post("/reload");
            if (mgmt.json()) {
                return mgmt.printJsonAnswer(reply);
            }
            ReloadResult r = mgmt.read(reply, ReloadResult.class);
            mgmt.out().println("reloaded: " + r.detail());
            return ManagementOptions.EXIT_OK;
        });
    }
}
