package io.fw443.packet;

import java.util.Arrays;

/**
 * Byte surgery on fixture frames for tests: cut, set fields, insert IPv4 options / IPv6 extension headers and
 * VLAN tags, fixing lengths and the IPv4 header checksum with {@link ReferenceChecksum} (not the code under test).
 * All helpers assume an untagged frame with L3 at offset 14.
 */
final class Frames {
    static final int L3 = 14;

    private Frames() {
    }

    static byte[] cut(byte[] frame, int length) {
        return Arrays.copyOf(frame, length);
    }

    static byte[] set8(byte[] frame, int index, int value) {
        final byte[] copy = frame.clone();
        copy[index] = (byte) value;
        return copy;
    }

    static byte[] set16(byte[] frame, int index, int value) {
        final byte[] copy = frame.clone();
        copy[index] = (byte) (value >>> 8);
        copy[index + 1] = (byte) value;
        return copy;
    }

    static int u16(byte[] frame, int index) {
        return ((frame[index] & 0xFF) << 8) | (frame[index + 1] & 0xFF);
    }

    /** Copy with the IPv4 header checksum recomputed. */
    static byte[] fixIpv4(byte[] frame) {
        final byte[] copy = frame.clone();
        ReferenceChecksum.fixIpv4Header(copy, L3);
        return copy;
    }

    /** Sets the IPv4 total length and cuts the frame to match, then fixes the header checksum. */
    static byte[] ipv4TotalLength(byte[] frame, int totalLength) {
        return fixIpv4(cut(set16(frame, L3 + 2, totalLength), L3 + totalLength));
    }

    static byte[] insert(byte[] frame, int index, byte[] bytes) {
        final byte[] out = new byte[frame.length + bytes.length];
        System.arraycopy(frame, 0, out, 0, index);
        System.arraycopy(bytes, 0, out, index, bytes.length);
        System.arraycopy(frame, index, out, index + bytes.length, frame.length - index);
        return out;
    }

    /** Inserts option bytes (a multiple of 4) after a 20-byte IPv4 header, adjusting IHL and total length. */
    static byte[] withIpv4Options(byte[] frame, byte[] options) {
        byte[] out = insert(frame, L3 + 20, options);
        out[L3] = (byte) (0x40 | ((20 + options.length) / 4));
        out = set16(out, L3 + 2, u16(frame, L3 + 2) + options.length);
        return fixIpv4(out);
    }

    /**
     * Inserts extension headers after the IPv6 fixed header. Each header is given with its own type (what the
     * previous Next Header must say) in {@code types}; their first byte (Next Header) is filled in here.
     */
    static byte[] withIpv6ExtensionHeaders(byte[] frame, int[] types, byte[]... headers) {
        final int upper = frame[L3 + 6] & 0xFF;
        int total = 0;
        for (byte[] h : headers) {
            total += h.length;
        }
        final byte[] chain = new byte[total];
        int position = 0;
        for (int i = 0; i < headers.length; i++) {
            System.arraycopy(headers[i], 0, chain, position, headers[i].length);
            chain[position] = (byte) (i + 1 < headers.length ? types[i + 1] : upper);
            position += headers[i].length;
        }
        byte[] out = insert(frame, L3 + 40, chain);
        out[L3 + 6] = (byte) types[0];
        return set16(out, L3 + 4, u16(frame, L3 + 4) + total);
    }

    /** An 8-byte options header (Hop-by-Hop or Destination Options) holding a PadN. */
    static byte[] optionsHeader() {
        return new byte[] {0, 0, 1, 4, 0, 0, 0, 0};
    }

    /** An 8-byte fragment header. */
    static byte[] fragmentHeader(int offsetBytes, boolean more, int id) {
        final int word = offsetBytes | (more ? 1 : 0);
        return new byte[] {0, 0, (byte) (word >>> 8), (byte) word,
            (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
    }

    /** Inserts 802.1Q tags (TPID given per tag) after the MAC addresses. */
    static byte[] withVlanTags(byte[] frame, int[] tpids, int[] vlanIds) {
        final byte[] tags = new byte[4 * tpids.length];
        for (int i = 0; i < tpids.length; i++) {
            tags[4 * i] = (byte) (tpids[i] >>> 8);
            tags[4 * i + 1] = (byte) tpids[i];
            tags[4 * i + 2] = (byte) (vlanIds[i] >>> 8);
            tags[4 * i + 3] = (byte) vlanIds[i];
        }
        return insert(frame, 12, tags);
    }
}
