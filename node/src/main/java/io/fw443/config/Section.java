package io.fw443.config;

import java.util.List;

/**
 * Every mapping of the config and the keys it allows. The binder reads keys only through these lists,
 * so unknown keys are caught, and a test checks that config/README.md documents each one.
 */
enum Section {
    TOP("", "node", "interfaces", "routes", "vrrp", "cluster", "table", "policy", "limits", "conntrack",
            "management", "logging"),
    NODE("node", "id", "node-number", "data-dir"),
    INTERFACE("interfaces[]", "name", "device", "role", "zone", "address", "addresses", "mtu", "mac", "icmp-echo"),
    ROUTE("routes[]", "to", "via", "interface"),
    VRRP("vrrp", "groups", "sync-groups", "track", "notify", "peer-death-shortcut"),
    VRRP_GROUP("vrrp.groups[]", "id", "interface", "vips", "priority", "advert-interval", "preempt",
            "preempt-delay", "accept-mode", "virtual-mac", "garp"),
    GARP("vrrp.groups[].garp", "count", "spacing", "refresh"),
    SYNC_GROUP("vrrp.sync-groups[]", "name", "groups"),
    TRACK("vrrp.track", "engine", "sync", "resync", "interfaces"),
    CLUSTER("cluster", "name", "stack", "bind", "peers", "key-store", "key-store-password-file",
            "key-store-password-env", "sync-insert"),
    SYNC_INSERT("cluster.sync-insert", "enabled", "timeout"),
    TABLE("table", "max-flows", "file", "expiry-budget"),
    POLICY("policy", "default", "sets", "rules", "fragments"),
    SET_FILE("policy.sets.<name>", "file"),
    RULE("policy.rules[]", "name", "from", "to", "from-set", "to-set", "proto", "port", "ports", "action", "log",
            "tls", "quic"),
    TLS("policy.rules[].tls", "required", "min-version", "sni-allow", "sni-deny", "alpn-allow", "ja4-deny", "ech",
            "incomplete-hello"),
    QUIC("policy.rules[].quic", "undecryptable"),
    LIMITS("limits", "max-flows-per-source", "new-flows-per-source", "burst"),
    CONNTRACK("conntrack", "timeouts", "pickup"),
    TIMEOUTS("conntrack.timeouts", "syn-sent", "syn-recv", "established", "fin-wait", "close-wait", "last-ack",
            "time-wait", "close", "udp", "udp-stream", "icmp"),
    MANAGEMENT("management", "socket", "tcp", "token-file"),
    LOGGING("logging", "format", "level");

    private final String docPath;
    private final List<String> keys;

    Section(String docPath, String... keys) {
        this.docPath = docPath;
        this.keys = List.of(keys);
    }

    /** The section's path as written in config/README.md, e.g. {@code vrrp.groups[]}. */
    String docPath() {
        return docPath;
    }

    List<String> keys() {
        return keys;
    }
}
