package io.fw443.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Cluster membership and flow-table sync over JGroups.
 *
 * @param name the JGroups cluster name; every member uses the same
 * @param stack the JGroups XML stack file (exists at validation time)
 * @param bind the local sync address and port: an address of a sync interface
 * @param peers the other members' sync addresses (TCPPING initial hosts); empty for a single node
 * @param keyStore the cluster key store (generated at deploy, so not required to exist when checked)
 * @param keyStorePasswordFile a file whose first line is the key-store password
 * @param keyStorePasswordEnv the environment variable holding the key-store password
 * @param syncInsert whether a new flow waits for a peer's acknowledgement before its first packet
 *     is forwarded
 */
public record ClusterConfig(
        String name,
        Path stack,
        HostPort bind,
        List<HostPort> peers,
        Optional<Path> keyStore,
        Optional<Path> keyStorePasswordFile,
        Optional<String> keyStorePasswordEnv,
        SyncInsertConfig syncInsert) {

    public ClusterConfig {
        peers = List.copyOf(peers);
    }
}
