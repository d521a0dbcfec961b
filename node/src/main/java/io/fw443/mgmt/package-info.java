/**
 * The node's management API: HTTP/1.1 over a Unix domain socket (Netty), with JSON views of health, cluster, VRRP,
 * flows and stats, Prometheus metrics, and the reload/failover actions; plus the small JDK-only client the CLI uses.
 * It exists to keep Netty, Jackson and HTTP in one adapter: the node implements {@link io.fw443.mgmt.ManagementBackend}
 * and never sees a request.
 */
package io.fw443.mgmt;
