/**
 * The compiled filtering policy: zones, CIDR sets, ordered first-match rules and per-source limits.
 *
 * <p>It exists so the engine can decide about a new flow with a few array reads and no allocation,
 * whatever shape the YAML config has: the config adapter builds an immutable {@link io.fw443.policy.Policy}
 * once per load or reload, and the engine swaps it in with a single reference write. Only
 * {@link io.fw443.policy.CidrSetLoader} touches files; everything else is pure computation.
 */
package io.fw443.policy;
