package io.fw443.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Test helpers: address literals to bytes through the JDK, an oracle independent of {@link CidrParser}. */
final class Addresses {
    private Addresses() {
    }

    /** The 4 or 16 bytes of an address literal (never a host name: the JDK parses literals locally). */
    static byte[] ip(final String literal) {
        try {
            final byte[] a = InetAddress.getByName(literal).getAddress();
            if (a.length == 4 && literal.indexOf(':') >= 0) {
                // The JDK turns IPv4-mapped IPv6 literals into IPv4 addresses; keep the text's family.
                return ByteBuffer.allocate(16).putShort(10, (short) 0xFFFF).put(12, a).array();
            }
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static int family(final byte[] address) {
        return address.length == 4 ? CidrSet.FAMILY_IPV4 : CidrSet.FAMILY_IPV6;
    }

    static byte[] v4(final int address) {
        return ByteBuffer.allocate(4).putInt(address).array();
    }

    static byte[] v6(final long hi, final long lo) {
        return ByteBuffer.allocate(16).putLong(hi).putLong(lo).array();
    }

    static CidrSet set(final String... cidrs) {
        final CidrSet.Builder b = CidrSet.builder();
        for (final String c : cidrs) {
            b.add(c);
        }
        return b.build();
    }

    static boolean contains(final CidrSet set, final String literal) {
        final byte[] a = ip(literal);
        return set.contains(a, 0, family(a));
    }
}
