package io.fw443.tls;

import io.fw443.policy.L7Conditions;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rule's conditions on the first client flight of a TLS (TCP) or QUIC (UDP) flow, compiled for allocation-free
 * matching over a {@link ClientHelloInfo}. Checks run in this order and the first failure decides:
 * ECH, SNI deny, SNI allow, minimum version, ALPN allow, JA4 deny.
 *
 * <p>Names: case-insensitive (the parser lower-cases the SNI, the builder the patterns) and compared as IDNA
 * A-labels (a U-label pattern is converted with {@link IDN#toASCII}). {@code *.example.test} matches any name
 * ending in {@code .example.test}, at any depth, but not {@code example.test} itself; a lone {@code *} matches any
 * SNI. Lookups hash the SNI once from its last byte to its first and probe the exact set with the whole name and
 * the wildcard set at each dot: O(name length), whatever the list sizes.
 */
public final class TlsConditions implements L7Conditions {
    private final boolean required;
    private final int minVersion;
    private final HashedNames sniAllowExact;
    private final HashedNames sniAllowSuffix;
    private final boolean sniAllowAny;
    private final HashedNames sniDenyExact;
    private final HashedNames sniDenySuffix;
    private final boolean sniDenyAny;
    private final byte[][] alpnAllow;
    private final HashedNames ja4Deny;
    private final boolean echDeny;
    private final boolean incompleteAllowed;
    private final boolean undecryptableAllowed;

    private TlsConditions(Builder b) {
        required = b.required;
        minVersion = b.minVersion;
        sniAllowExact = new HashedNames(b.sniAllowExact, true);
        sniAllowSuffix = new HashedNames(b.sniAllowSuffix, true);
        sniAllowAny = b.sniAllowAny;
        sniDenyExact = new HashedNames(b.sniDenyExact, true);
        sniDenySuffix = new HashedNames(b.sniDenySuffix, true);
        sniDenyAny = b.sniDenyAny;
        alpnAllow = b.alpnAllow.toArray(byte[][]::new);
        ja4Deny = new HashedNames(b.ja4Deny, false);
        echDeny = b.echDeny;
        incompleteAllowed = b.incompleteAllowed;
        undecryptableAllowed = b.undecryptableAllowed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Inspect and record facts, deny nothing (the replay command's default). */
    public static TlsConditions observeOnly() {
        return builder().incompleteAllowed(true).undecryptableAllowed(true).build();
    }

    /**
     * Decides a COMPLETE hello whose JA4 is {@code ja4[ja4Offset, +Ja4.LENGTH)} (the engine computes it anyway for
     * the flow record). No allocation.
     */
    public TlsDecision evaluate(ClientHelloInfo hello, byte[] ja4, int ja4Offset) {
        if (echDeny && hello.hasEch()) {
            return TlsDecision.DENY_ECH;
        }
        if (!sniPasses(hello)) {
            return TlsDecision.DENY_SNI;
        }
        if (minVersion > 0 && hello.maxOfferedVersion() < minVersion) {
            return TlsDecision.DENY_VERSION;
        }
        if (alpnAllow.length > 0 && !alpnPasses(hello)) {
            return TlsDecision.DENY_ALPN;
        }
        if (!ja4Deny.isEmpty() && ja4Deny.contains(ja4, ja4Offset, Ja4.LENGTH,
                LabelDictionary.hash(ja4, ja4Offset, Ja4.LENGTH))) {
            return TlsDecision.DENY_JA4;
        }
        return TlsDecision.ALLOW;
    }

    /** Decides a first flight that ended in a terminal status other than COMPLETE. */
    public TlsDecision onStatus(TlsParseStatus status) {
        return switch (status) {
            case COMPLETE -> throw new IllegalArgumentException("COMPLETE goes to evaluate");
            case NOT_TLS -> required ? TlsDecision.DENY_NOT_TLS : TlsDecision.UNCHECKED;
            case MALFORMED -> TlsDecision.DENY_MALFORMED;
            case TOO_LARGE, NEED_MORE -> onIncomplete();
        };
    }

    /** A flow without a complete hello within the bound: 16 KiB, the hello timeout, or inspection capacity. */
    public TlsDecision onIncomplete() {
        return incompleteAllowed ? TlsDecision.UNCHECKED : TlsDecision.DENY_INCOMPLETE;
    }

    /** Whether a QUIC datagram that cannot be decrypted (so not checked) may pass; it is counted either way. */
    public boolean undecryptableAllowed() {
        return undecryptableAllowed;
    }

    public boolean required() {
        return required;
    }

    public boolean incompleteAllowed() {
        return incompleteAllowed;
    }

    /** The minimum ProtocolVersion (e.g. 0x0303), 0 for none. */
    public int minVersion() {
        return minVersion;
    }

    private boolean sniPasses(ClientHelloInfo hello) {
        int n = hello.sniLength();
        boolean hasAllow = sniAllowAny || !sniAllowExact.isEmpty() || !sniAllowSuffix.isEmpty();
        boolean hasDeny = sniDenyAny || !sniDenyExact.isEmpty() || !sniDenySuffix.isEmpty();
        if (n == 0) {
            return !hasAllow;
        }
        if (!hasDeny && !hasAllow) {
            return true;
        }
        boolean allowed = sniAllowAny;
        long h = HashedNames.FNV_OFFSET;
        for (int i = n - 1; i >= 0; i--) {
            byte b = hello.sniByte(i);
            h = (h ^ (b & 0xFF)) * HashedNames.FNV_PRIME;
            if (b == '.' && i > 0) {
                if (sniDenySuffix.containsSni(hello, i, h)) {
                    return false;
                }
                allowed = allowed || sniAllowSuffix.containsSni(hello, i, h);
            }
        }
        if (sniDenyAny || sniDenyExact.containsSni(hello, 0, h)) {
            return false;
        }
        return !hasAllow || allowed || sniAllowExact.containsSni(hello, 0, h);
    }

    private boolean alpnPasses(ClientHelloInfo hello) {
        for (int p = 0; p < hello.alpnCount(); p++) {
            int len = hello.alpnLength(p);
            for (byte[] allowed : alpnAllow) {
                if (allowed.length == len && alpnEquals(hello, p, allowed)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean alpnEquals(ClientHelloInfo hello, int p, byte[] allowed) {
        for (int i = 0; i < allowed.length; i++) {
            if (hello.alpnByte(p, i) != allowed[i]) {
                return false;
            }
        }
        return true;
    }

    /** Collects conditions; every list defaults to empty, TLS not required, ECH allowed, incomplete dropped. */
    public static final class Builder {
        private boolean required;
        private int minVersion;
        private final List<byte[]> sniAllowExact = new ArrayList<>();
        private final List<byte[]> sniAllowSuffix = new ArrayList<>();
        private boolean sniAllowAny;
        private final List<byte[]> sniDenyExact = new ArrayList<>();
        private final List<byte[]> sniDenySuffix = new ArrayList<>();
        private boolean sniDenyAny;
        private final List<byte[]> alpnAllow = new ArrayList<>();
        private final List<byte[]> ja4Deny = new ArrayList<>();
        private boolean echDeny;
        private boolean incompleteAllowed;
        private boolean undecryptableAllowed;

        private Builder() {
        }

        /** The first client bytes must be a TLS handshake. */
        public Builder required(boolean on) {
            required = on;
            return this;
        }

        /** Lowest acceptable highest-offered ProtocolVersion, e.g. 0x0303 for TLS 1.2. */
        public Builder minVersion(int protocolVersion) {
            minVersion = protocolVersion;
            return this;
        }

        public Builder sniAllow(String pattern) {
            sniAllowAny |= addName(pattern, sniAllowExact, sniAllowSuffix);
            return this;
        }

        public Builder sniDeny(String pattern) {
            sniDenyAny |= addName(pattern, sniDenyExact, sniDenySuffix);
            return this;
        }

        /** An ALPN protocol id (RFC 7301), compared byte for byte. */
        public Builder alpnAllow(String protocol) {
            alpnAllow.add(protocol.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        /** A JA4 fingerprint (36 ASCII characters), compared exactly. */
        public Builder ja4Deny(String fingerprint) {
            if (fingerprint.length() != Ja4.LENGTH) {
                throw new IllegalArgumentException("not a JA4 fingerprint: " + fingerprint);
            }
            ja4Deny.add(fingerprint.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        public Builder echDeny(boolean on) {
            echDeny = on;
            return this;
        }

        public Builder incompleteAllowed(boolean on) {
            incompleteAllowed = on;
            return this;
        }

        public Builder undecryptableAllowed(boolean on) {
            undecryptableAllowed = on;
            return this;
        }

        public TlsConditions build() {
            return new TlsConditions(this);
        }

        /** Returns true for the match-all pattern "*". */
        private static boolean addName(String pattern, List<byte[]> exact, List<byte[]> suffix) {
            String p = pattern.trim();
            if (p.equals("*")) {
                return true;
            }
            boolean wildcard = p.startsWith("*.");
            String name = aLabels(wildcard ? p.substring(2) : p);
            if (name.isEmpty() || name.indexOf('*') >= 0) {
                throw new IllegalArgumentException("bad server name pattern: " + pattern);
            }
            (wildcard ? suffix : exact).add((wildcard ? "." + name : name).getBytes(StandardCharsets.US_ASCII));
            return false;
        }

        private static String aLabels(String name) {
            String ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
            return ascii.toLowerCase(Locale.ROOT);
        }
    }
}
