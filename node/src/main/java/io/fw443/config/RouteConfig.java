package io.fw443.config;

/**
 * A static route.
 *
 * @param to the destination network (host bits zero)
 * @param via the next hop, inside a connected subnet of {@code interfaceName}
 * @param interfaceName the interface the next hop is reached through
 */
public record RouteConfig(Cidr to, IpAddress via, String interfaceName) {
}
