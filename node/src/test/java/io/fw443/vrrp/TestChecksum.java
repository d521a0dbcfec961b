package io.fw443.vrrp;

/** An independent RFC 1071 checksum, to build test packets without the code under test. */
final class TestChecksum {
    private TestChecksum() {
    }

    /** Checksum of the concatenation of {@code parts} (each an even number of bytes but the last). */
    static int of(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        byte[] b = all.toByteArray();
        long sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            int hi = b[i] & 0xff;
            int lo = i + 1 < b.length ? b[i + 1] & 0xff : 0;
            sum += hi * 256 + lo;
        }
        while (sum > 0xffff) {
            sum = (sum % 0x10000) + (sum / 0x10000);
        }
        return (int) (0xffff - sum);
    }

    static byte[] slice(byte[] b, int from, int length) {
        return java.util.Arrays.copyOfRange(b, from, from + length);
    }

    /** Recomputes the IPv4 header checksum and the VRRP checksum of an IPv4 VRRP packet in place. */
    static void fixIpv4(byte[] p) {
        int ihl = (p[0] & 0x0f) * 4;
        int total = (p[2] & 0xff) << 8 | p[3] & 0xff;
        p[10] = 0;
        p[11] = 0;
        int ip = of(slice(p, 0, ihl));
        p[10] = (byte) (ip >> 8);
        p[11] = (byte) ip;
        int vrrpLength = total - ihl;
        p[ihl + 6] = 0;
        p[ihl + 7] = 0;
        byte[] pseudo = {0, 112, (byte) (vrrpLength >> 8), (byte) vrrpLength};
        int c = of(slice(p, 12, 8), pseudo, slice(p, ihl, vrrpLength));
        p[ihl + 6] = (byte) (c >> 8);
        p[ihl + 7] = (byte) c;
    }

    /** Recomputes the VRRP checksum of an IPv6 VRRP packet in place. */
    static void fixIpv6(byte[] p) {
        int vrrpLength = (p[4] & 0xff) << 8 | p[5] & 0xff;
        p[46] = 0;
        p[47] = 0;
        byte[] pseudo = {0, 0, (byte) (vrrpLength >> 8), (byte) vrrpLength, 0, 0, 0, 112};
        int c = of(slice(p, 8, 32), pseudo, slice(p, 40, vrrpLength));
        p[46] = (byte) (c >> 8);
        p[47] = (byte) c;
    }
}
