package io.fw443.config;

import java.nio.file.Path;

/**
 * Who this node is.
 *
 * @param id the node's name, unique in the cluster
 * @param nodeNumber 1..65535, the origin id this node stamps on flow records it creates in the
 *     replicated table; unique in the cluster
 * @param dataDir absolute directory for the node's state
 */
public record NodeIdentity(String id, int nodeNumber, Path dataDir) {
}
