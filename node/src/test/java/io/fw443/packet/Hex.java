package io.fw443.packet;

/** Hex fixtures to bytes and back, for tests. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        final String clean = hex.replaceAll("\\s", "");
        final byte[] out = new byte[clean.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String string(byte[] bytes, int offset, int length) {
        final StringBuilder sb = new StringBuilder(length * 2);
        for (int i = offset; i < offset + length; i++) {
            sb.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return sb.toString();
    }
}
