package io.fw443.vrrp;

/**
 * States of one virtual router (RFC 5798 §6.4). The {@link #code()} is stable and equals the
 * VRRPv3 MIB's {@code vrrpv3OperationsStatus} value (RFC 6527), so it can be exported as is.
 */
public enum VrrpState {
    /** Waiting for a Startup event; sends nothing and owns nothing (RFC 5798 §6.4.1). */
    INITIALIZE(1),
    /** Monitoring the Master through its adverts; Master_Down_Timer armed; owns no VIP (§6.4.2). */
    BACKUP(2),
    /** Owns the VIPs, answers ARP/ND for them and sends an advert every Advertisement_Interval (§6.4.3). */
    MASTER(3);

    private static final VrrpState[] BY_CODE = {null, INITIALIZE, BACKUP, MASTER};

    private final int code;

    VrrpState(int code) {
        this.code = code;
    }

    /** Stable numeric code (RFC 6527 vrrpv3OperationsStatus). */
    public int code() {
        return code;
    }

    /** The state for a {@link #code()}, or {@code null} if the code is unknown. */
    public static VrrpState fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
