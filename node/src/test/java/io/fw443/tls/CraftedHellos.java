package io.fw443.tls;

import static io.fw443.tls.HelloBuilder.concat;
import static io.fw443.tls.HelloBuilder.hex;
import static io.fw443.tls.HelloBuilder.u16;

/** Hand-made hellos for cases no tool on this machine emits. */
final class CraftedHellos {
    /** X25519MLKEM768 (IANA TLS Supported Groups registry, 4588): a 1216-byte client key share. */
    static final int X25519_MLKEM768 = 0x11ec;

    private CraftedHellos() {
    }

    /**
     * Shaped after a current Chrome hello (extension set and order as Chrome 13x sends them, see the
     * corpus' tls-handshake.pcapng for the non-GREASE part): GREASE in cipher suites, extensions,
     * groups, key shares, supported versions and - as Chrome 152+ does - signature algorithms; a
     * post-quantum hybrid key share that makes it ~1.9 KB, more than one segment; and an
     * encrypted_client_hello outer extension (draft-ietf-tls-esni §5: type outer(0), HPKE suite
     * HKDF-SHA256/AES-128-GCM, config_id, a 32-byte enc, a 176-byte payload).
     */
    static HelloBuilder chromeLikeWithGreaseAndEch() {
        return new HelloBuilder()
                .ciphers(0x4a4a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
                        0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035)
                .extension(0x0a0a, new byte[0])
                .sni("WWW.Example.TEST")
                .extension(0x0017, new byte[0])
                .extension(0xff01, new byte[] {0})
                .groups(0x2a2a, X25519_MLKEM768, 0x001d, 0x0017, 0x0018)
                .pointFormats(0)
                .extension(0x0023, new byte[0])
                .alpn("h2", "http/1.1")
                .extension(0x0005, hex("0100000000"))
                .signatureAlgorithms(0x0403, 0x0804, 0x8a8a, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601)
                .extension(0x0012, new byte[0])
                .keyShares(0x2a2a, 1, X25519_MLKEM768, 1216, 0x001d, 32)
                .extension(0x002d, hex("0101"))
                .supportedVersions(0x7a7a, 0x0304, 0x0303)
                .extension(0x001b, hex("020002"))
                .extension(0x44cd, hex("0003026832"))
                .extension(0xfe0d, echOuter())
                .extension(0x1a1a, hex("00"));
    }

    static byte[] echOuter() {
        byte[] enc = new byte[32];
        byte[] payload = new byte[176];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        return concat(new byte[] {0}, u16(0x0001), u16(0x0001), new byte[] {0x2a}, u16(enc.length), enc,
                u16(payload.length), payload);
    }

    /** The worked example of the JA4 specification (technical_details/JA4.md, "Cipher hash" ff.). */
    static HelloBuilder ja4SpecExample(boolean withSignatureAlgorithms) {
        HelloBuilder h = new HelloBuilder()
                .ciphers(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014,
                        0x009c, 0x009d, 0x002f, 0x0035);
        int[] order = {0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012,
            0x002b, 0xff01, 0x000b, 0x000a, 0x0015};
        for (int type : order) {
            switch (type) {
                case 0x0000 -> h.sni("example.test");
                case 0x0010 -> h.alpn("h2", "http/1.1");
                case 0x000d -> h.signatureAlgorithms(withSignatureAlgorithms
                        ? new int[] {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601} : new int[0]);
                case 0x002b -> h.supportedVersions(0x0304, 0x0303);
                case 0x000a -> h.groups(0x001d, 0x0017);
                case 0x000b -> h.pointFormats(0);
                case 0x0033 -> h.keyShares(0x001d, 32);
                default -> h.extension(type, new byte[0]);
            }
        }
        return h;
    }
}
