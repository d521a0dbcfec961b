package io.fw443.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code bin/bench NAME [--quick]}: runs a named suite and prints its summary line last. */
public final class BenchMain {
    private static final List<BenchSuite> SUITES =
            List.of(new EngineSuite(), new TableSuite(), new TlsBench.Suite(), new VrrpBench(),
                    new DataplaneBench(), new SyncSuite(), new FailoverBench());

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, BenchSuite> byName = SUITES.stream()
                .collect(Collectors.toMap(BenchSuite::name, s -> s, (a, b) -> a, LinkedHashMap::new));
        if (args.length == 0 || "--list".equals(args[0]) || "--help".equals(args[0])) {
            System.out.println("usage: bin/bench NAME [--quick]");
            byName.values().forEach(s -> System.out.printf("  %-10s %s%n", s.name(), s.description()));
            System.exit(args.length == 0 ? 2 : 0);
        }
        BenchSuite suite = byName.get(args[0]);
        if (suite == null) {
            System.err.println("bench: unknown benchmark '" + args[0] + "'; known: " + String.join(", ", byName.keySet()));
            System.exit(2);
        }
        boolean quick = List.of(args).contains("--quick");
        LinkedHashMap<String, String> figures = suite.run(BenchOptions.of(quick));
        System.out.println(suite.name() + ": " + figures.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
    }
}
