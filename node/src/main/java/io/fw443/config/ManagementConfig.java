package io.fw443.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The local management API.
 *
 * @param socket the Unix socket path
 * @param tcp an optional loopback TCP listener (for a Prometheus scraper)
 * @param tokenFile the bearer token file TCP clients must present; present exactly when {@code tcp} is
 */
public record ManagementConfig(Path socket, Optional<HostPort> tcp, Optional<Path> tokenFile) {
}
