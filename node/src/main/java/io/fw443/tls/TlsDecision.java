package io.fw443.tls;

/** What {@link TlsConditions} decide for a flow's first client flight. Codes are stable (counters, logs). */
public enum TlsDecision {
    /** A complete hello that meets every condition. */
    ALLOW(0, true),
    /** Passed without facts: not TLS while TLS is not required, or incomplete while that policy allows it. */
    UNCHECKED(1, true),
    /** The SNI is denied, or not in a non-empty allow list (a missing SNI included). */
    DENY_SNI(2, false),
    /** The highest version offered is below the minimum. */
    DENY_VERSION(3, false),
    /** An ALPN allow list is set and no offered protocol is in it (no ALPN included). */
    DENY_ALPN(4, false),
    /** The JA4 fingerprint is denied. */
    DENY_JA4(5, false),
    /** The hello carries encrypted_client_hello and the rule denies ECH. */
    DENY_ECH(6, false),
    /** The first client bytes are not a TLS handshake while TLS is required: a protocol violation. */
    DENY_NOT_TLS(7, false),
    /** The bytes look like TLS but break its grammar (a server might read them differently: fail closed). */
    DENY_MALFORMED(8, false),
    /** No complete hello within the bound (bytes, time, or inspection capacity) and the policy drops. */
    DENY_INCOMPLETE(9, false);

    private final int code;
    private final boolean allows;

    TlsDecision(int code, boolean allows) {
        this.code = code;
        this.allows = allows;
    }

    public int code() {
        return code;
    }

    /** Whether the flow may continue. */
    public boolean allows() {
        return allows;
    }
}
