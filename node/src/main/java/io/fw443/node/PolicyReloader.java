package io.fw443.node;

import io.fw443.config.ConfigLoader;
import io.fw443.config.ConfigProblem;
import io.fw443.config.ConfigResult;
import io.fw443.config.NodeConfig;
import io.fw443.engine.PolicyCompiler;
import io.fw443.mgmt.ReloadResult;
import io.fw443.policy.Policy;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /reload}: re-reads the config file and swaps in a newly compiled policy that the engines read through
 * {@link #policy()} for every new flow. Existing flows are untouched: the table is never visited, so a flow the new
 * policy would refuse lives on until it ends (pf and nftables behave the same way).
 *
 * <p>Only the {@code policy} section (rules, sets and their files, the default) is applied at run time. Every other
 * section was built into the running parts at start (ports, routes, engines' timeouts and limits, the table, sync,
 * VRRP, the management socket, logging), so a file that changes one of them is refused, naming the sections, and the
 * running policy stays. Reloads are serialised; engines never wait for one.
 */
public final class PolicyReloader {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyReloader.class);

    /** The sections that need a restart, by their YAML names, in file order. */
    private static final Map<String, Function<NodeConfig, Object>> RESTART_SECTIONS = restartSections();

    private final Path file;
    private final AtomicReference<PolicyCompiler.Compiled> compiled;
    private final Supplier<Policy> policy;
    private NodeConfig running;
    private long generation = 1;

    /**
     * @param file     the config file to re-read (the one the node started from)
     * @param running  the config the node runs
     * @param compiled its compiled policy, the one the engines start with
     */
    public PolicyReloader(Path file, NodeConfig running, PolicyCompiler.Compiled compiled) {
        this.file = Objects.requireNonNull(file, "file");
        this.running = Objects.requireNonNull(running, "running");
        this.compiled = new AtomicReference<>(Objects.requireNonNull(compiled, "compiled"));
        AtomicReference<PolicyCompiler.Compiled> current = this.compiled;
        this.policy = () -> current.get().policy();
    }

    /** What every engine passes as its policy supplier: always the latest reloaded policy. */
    public Supplier<Policy> policy() {
        return policy;
    }

    /** The policy now in force, with its rule names (for logs and drop records). */
    public PolicyCompiler.Compiled compiled() {
        return compiled.get();
    }

    /** Re-reads, checks and applies; the result says what happened and, when refused, why. */
    public synchronized ReloadResult reload() {
        ConfigResult result = ConfigLoader.load(file);
        if (!result.ok()) {
            List<String> problems = result.problems().stream().map(ConfigProblem::toString).toList();
            LOG.warn("reload of {} refused: {} problem(s); running policy unchanged", file, problems.size());
            return ReloadResult.rejected(file + " is invalid; the running policy is unchanged", problems);
        }
        NodeConfig next = result.config();
        List<String> changed = new ArrayList<>();
        RESTART_SECTIONS.forEach((section, part) -> {
            if (!Objects.equals(part.apply(running), part.apply(next))) {
                changed.add(section);
            }
        });
        if (!changed.isEmpty()) {
            LOG.warn("reload of {} refused: sections {} changed and need a restart", file, changed);
            return ReloadResult.rejected("only the policy section reloads; " + String.join(", ", changed)
                    + (changed.size() == 1 ? " changed and needs" : " changed and need")
                    + " a restart; the running policy is unchanged",
                    changed.stream().map(s -> s + ": changed; applying it needs a restart").toList());
        }
        PolicyCompiler.Compiled fresh;
        try {
            fresh = PolicyCompiler.compile(next);
        } catch (UncheckedIOException e) {
            LOG.warn("reload of {} refused: {}", file, e.getMessage());
            return ReloadResult.rejected("a set file could not be read; the running policy is unchanged",
                    List.of(e.getMessage()));
        }
        compiled.set(fresh);
        running = next;
        generation++;
        String detail = "policy generation " + generation + ": " + next.policy().rules().size() + " rules, default "
                + next.policy().defaultAction().keyword()
                + "; existing flows kept";
        LOG.info("reloaded {}: {}", file, detail);
        return ReloadResult.applied(detail);
    }

    private static Map<String, Function<NodeConfig, Object>> restartSections() {
        Map<String, Function<NodeConfig, Object>> m = new LinkedHashMap<>();
        m.put("node", NodeConfig::node);
        m.put("interfaces", NodeConfig::interfaces);
        m.put("routes", NodeConfig::routes);
        m.put("vrrp", NodeConfig::vrrp);
        m.put("cluster", NodeConfig::cluster);
        m.put("table", NodeConfig::table);
        m.put("limits", NodeConfig::limits);
        m.put("conntrack", NodeConfig::conntrack);
        m.put("management", NodeConfig::management);
        m.put("logging", NodeConfig::logging);
        return m;
    }
}
