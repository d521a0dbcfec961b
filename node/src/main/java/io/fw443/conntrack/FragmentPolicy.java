package io.fw443.conntrack;

/**
 * What the engine does with IP fragments. Only a first fragment carries the ports, so a later fragment cannot be
 * matched to a flow or to a rule, and passing fragments untracked would open a hole anyone can aim through. Nothing
 * on port 443 needs them: QUIC forbids IP fragmentation (RFC 9000 §14, DF set), and TCP avoids it with path
 * MTU discovery — which is why {@link RelatedIcmpValidator} keeps "fragmentation needed" errors working. The one
 * policy is therefore to drop every fragment, counted as {@link TrackResult#FRAGMENT}. Reassembly would be the only
 * alternative worth adding.
 */
public enum FragmentPolicy {
    /** Drop every fragment; admit only whole datagrams. */
    DROP_ALL;

    /**
     * Whether a datagram may go on to tracking, from its fragment offset (in 8-octet units) and More Fragments bit
     * (RFC 791 §3.1; RFC 8200 §4.5). An IPv6 "atomic fragment" (offset 0, M clear) is a whole datagram and is
     * admitted (RFC 6946 §4).
     */
    public boolean admits(int fragmentOffset, boolean moreFragments) {
        return fragmentOffset == 0 && !moreFragments;
    }
}
