package io.fw443.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The flow table.
 *
 * @param maxFlows capacity in flows
 * @param file the persisted table file, so a restarted process keeps its flows; absent = in memory
 * @param expiryBudget the time the expiry sweeper may spend per tick
 */
public record TableConfig(long maxFlows, Optional<Path> file, Duration expiryBudget) {
}
