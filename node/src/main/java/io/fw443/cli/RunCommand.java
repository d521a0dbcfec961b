package io.fw443.cli;

import io.fw443.config.ConfigLoader;
import io.fw443.config.ConfigProblem;
import io.fw443.config.ConfigResult;
import io.fw443.config.NodeConfig;
import io.fw443.dataplane.LongClock;
import io.fw443.logging.LogFormat;
import io.fw443.logging.LogSetup;
import io.fw443.node.NodeRuntime;
import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fw443 run --config FILE}: runs the node in the foreground until SIGTERM / SIGINT, then stops gracefully. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the node: install the ingress drop chains, open the flow table and the data ports,"
                + " forward until SIGTERM or SIGINT, then stop gracefully.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:invalid config or start-up failure", "2:usage error"})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Node configuration (YAML).")
    Path config;

    @Override
    public Integer call() throws Exception {
        ConfigResult result = ConfigLoader.load(config);
        if (!result.ok()) {
            for (ConfigProblem p : result.problems()) {
                spec.commandLine().getErr().println(p);
            }
            return 1;
        }
        NodeConfig node = result.config();
        LogSetup.configure(LogFormat.valueOf(node.logging().format().name()), node.logging().level().name());
        // pcap4j logs every breakLoop at INFO; workers are woken on purpose, so only its warnings are news.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.pcap4j")).setLevel(Level.WARN);
        NodeRuntime runtime = new NodeRuntime(node, config, LongClock.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        // The JVM runs shutdown hooks on SIGTERM and SIGINT: stop there, so the table is closed cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.stop();
            stopped.countDown();
        }, "fw443-shutdown"));
        runtime.start();
        stopped.await();
        return 0;
    }
}
