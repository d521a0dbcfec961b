package io.fw443.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fw443} root command. */
@Command(name = "fw443",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Active-active firewall cluster node for port 443.",
        subcommands = {RunCommand.class, StatusCommand.class, MembersCommand.class, VrrpCommand.class,
            FlowsCommand.class, StatsCommand.class, FailoverCommand.class, ReloadCommand.class, ConfigCommand.class,
            ReplayCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (invalid input, unhealthy node)", "2:usage error"})
public final class Fw443 implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code, for tests and the launcher alike. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Fw443());
        cl.setExecutionExceptionHandler(new OneLineErrors());
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }
}
