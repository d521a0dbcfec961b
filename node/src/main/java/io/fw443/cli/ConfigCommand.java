package io.fw443.cli;

import io.fw443.config.ConfigLoader;
import io.fw443.config.ConfigProblem;
import io.fw443.config.ConfigResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fw443 config ...}: work with node configuration files. */
@Command(name = "config", description = "Validate node configuration files.",
        mixinStandardHelpOptions = true, subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: check");
    }

    /** {@code fw443 config check FILE...}: every problem of every file, with file:line:column. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate configuration files; lists every problem as file:line:column: message.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every file is valid", "1:at least one problem", "2:usage error"})
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Node configuration files (YAML).")
        List<Path> files;

        @CommandLine.Option(names = "--quiet", description = "Print problems only, no per-file OK lines.")
        boolean quiet;

        @Override
        public Integer call() {
            int problems = 0;
            for (Path file : files) {
                ConfigResult result = ConfigLoader.load(file);
                for (ConfigProblem p : result.problems()) {
                    spec.commandLine().getErr().println(p);
                }
                problems += result.problems().size();
                if (result.ok() && !quiet) {
                    spec.commandLine().getOut().println(file + ": OK (node " + result.config().node().id() + ")");
                }
            }
            if (problems > 0) {
                spec.commandLine().getErr().println(problems + (problems == 1 ? " problem" : " problems") + " found");
                return 1;
            }
            return 0;
        }
    }
}
