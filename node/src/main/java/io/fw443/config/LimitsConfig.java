package io.fw443.config;

/**
 * Per-source-address limits on flow creation.
 *
 * @param maxFlowsPerSource concurrent flows one source address may hold
 * @param newFlowsPerSource sustained rate of new flows per source address (token bucket rate)
 * @param burst token bucket depth: new flows a source may open at once
 */
public record LimitsConfig(long maxFlowsPerSource, Rate newFlowsPerSource, long burst) {
}
