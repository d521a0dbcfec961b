package io.fw443.mgmt;

import java.util.List;

/** The API's endpoints: one method and one path each, with the query parameters each accepts. */
enum Route {
    HEALTH("GET", "/health", List.of()),
    CLUSTER("GET", "/cluster", List.of()),
    VRRP("GET", "/vrrp", List.of()),
    FLOWS("GET", "/flows", FlowQuery.PARAMETERS),
    STATS("GET", "/stats", List.of()),
    METRICS("GET", "/metrics", List.of()),
    RELOAD("POST", "/reload", List.of()),
    FAILOVER("POST", "/failover", List.of("group"));

    private static final Route[] ALL = values();

    final String method;
    final String path;
    final List<String> parameters;

    Route(String method, String path, List<String> parameters) {
        this.method = method;
        this.path = path;
        this.parameters = parameters;
    }

    /** The route serving {@code path}, or null. */
    static Route byPath(String path) {
        for (Route r : ALL) {
            if (r.path.equals(path)) {
                return r;
            }
        }
        return null;
    }
}
