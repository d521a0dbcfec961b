package io.fw443.config;

import java.util.List;
import java.util.Optional;

/**
 * Conditions on the client's first flight (the ClientHello) of an accepted flow. A flow that fails
 * them is denied before the handshake completes. Server names are lower case.
 *
 * @param required the first client bytes must be a TLS ClientHello (else the flow is denied)
 * @param minVersion the lowest TLS version the client may offer as its highest
 * @param sniAllow when not empty, the SNI must match one of these
 * @param sniDeny the SNI must match none of these (checked before {@code sniAllow})
 * @param alpnAllow when not empty, at least one offered ALPN id must be one of these
 * @param ja4Deny client JA4 fingerprints to deny
 * @param ech what to do with a ClientHello carrying encrypted_client_hello
 * @param incompleteHello what to do with a flow whose ClientHello does not complete within 16 KiB
 */
public record TlsMatch(
        boolean required,
        Optional<Version> minVersion,
        List<String> sniAllow,
        List<String> sniDeny,
        List<String> alpnAllow,
        List<String> ja4Deny,
        EchMode ech,
        IncompleteHello incompleteHello) {

    /** TLS protocol versions as written in config. */
    public enum Version implements Keyword {
        TLS_1_0("1.0", 0x0301),
        TLS_1_1("1.1", 0x0302),
        TLS_1_2("1.2", 0x0303),
        TLS_1_3("1.3", 0x0304);

        private final String keyword;
        private final int wireValue;

        Version(String keyword, int wireValue) {
            this.keyword = keyword;
            this.wireValue = wireValue;
        }

        @Override
        public String keyword() {
            return keyword;
        }

        /** The ProtocolVersion value (RFC 8446 §4.2.1: 0x0304 is TLS 1.3). */
        public int wireValue() {
            return wireValue;
        }
    }

    /** Encrypted Client Hello handling. */
    public enum EchMode implements Keyword {
        ALLOW,
        /** Deny a ClientHello with the encrypted_client_hello extension (the real SNI is hidden). */
        DENY
    }

    /** Handling of a first flight that never completes a ClientHello within 16 KiB. */
    public enum IncompleteHello implements Keyword {
        ALLOW,
        DROP
    }

    public TlsMatch {
        sniAllow = List.copyOf(sniAllow);
        sniDeny = List.copyOf(sniDeny);
        alpnAllow = List.copyOf(alpnAllow);
        ja4Deny = List.copyOf(ja4Deny);
    }
}
