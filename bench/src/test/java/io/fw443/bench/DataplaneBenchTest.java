package io.fw443.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/bench dataplane --quick} end to end (about a minute, root, the node distribution built): every figure of
 * the summary line is there and traffic passed both paths. Tagged perf: not part of the normal test run.
 */
@Tag("perf")
class DataplaneBenchTest {
    @Test
    void quickRunMeasuresBothPaths() throws Exception {
        LinkedHashMap<String, String> f = new DataplaneBench(Path.of("../node/target/fw443/bin/fw443"))
                .run(BenchOptions.of(true));
        for (String key : List.of("pps", "pps_ratio", "gbps", "gbps_ratio", "tls_cps", "tls_cps_ratio",
                "lat_p50_us", "lat_p99_us")) {
            assertTrue(f.containsKey(key), () -> key + " missing: " + f);
        }
        for (String key : List.of("pps", "kernel_pps", "gbps", "kernel_gbps", "tls_cps", "kernel_tls_cps")) {
            assertTrue(Double.parseDouble(f.get(key)) > 0, () -> key + " is zero: " + f);
        }
    }
}
