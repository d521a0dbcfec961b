/**
 * The node's YAML configuration: a hand-written binder from snakeyaml-engine's node tree (which keeps
 * every line and column) into immutable records, collecting every problem with its position so that
 * {@code fw443 config check} can list them all at once and the node never starts on a half-valid file.
 *
 * <p>Entry point: {@link io.fw443.config.ConfigLoader}. The keys, defaults and the path-resolution rule
 * are documented in {@code config/README.md}; the design in {@code docs/design/config.md}.
 */
package io.fw443.config;
