package io.fw443.config;

/**
 * Conditions on QUIC flows of an accepted UDP rule.
 *
 * @param undecryptable what to do with a QUIC Initial the node cannot decrypt (unknown version),
 *     so its ClientHello cannot be checked
 */
public record QuicMatch(Undecryptable undecryptable) {

    /** Handling of QUIC Initials the node cannot read. */
    public enum Undecryptable implements Keyword {
        ALLOW,
        DROP
    }
}
