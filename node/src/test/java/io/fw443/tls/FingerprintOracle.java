package io.fw443.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A deliberately plain, String-based rendering of the JA3 and JA4 specifications over a
 * {@link HelloBuilder}'s inputs: the independent expectation for crafted hellos.
 */
final class FingerprintOracle {
    private FingerprintOracle() {
    }

    static boolean grease(int v) {
        return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
    }

    static List<Integer> u16s(byte[] data, int from) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i + 1 < data.length; i += 2) {
            out.add(((data[i] & 0xff) << 8) | (data[i + 1] & 0xff));
        }
        return out;
    }

    static byte[] extensionData(HelloBuilder h, int type) {
        return h.extensions.stream().filter(e -> e.type() == type).map(HelloBuilder.Extension::data)
                .findFirst().orElse(null);
    }

    static String ja4(HelloBuilder h, char transport) {
        return ja4Parts(h, transport, true);
    }

    static String ja4Raw(HelloBuilder h, char transport) {
        return ja4Parts(h, transport, false);
    }

    private static String ja4Parts(HelloBuilder h, char transport, boolean hashed) {
        int version = h.legacyVersion;
        byte[] sv = extensionData(h, 0x002b);
        if (sv != null) {
            version = u16s(sv, 1).stream().filter(v -> !grease(v)).max(Integer::compare).orElse(version);
        }
        String ver = switch (version) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            default -> "00";
        };
        List<String> ciphers = h.ciphers.stream().filter(v -> !grease(v)).map(v -> String.format("%04x", v))
                .sorted().collect(Collectors.toList());
        List<Integer> types = h.extensions.stream().map(HelloBuilder.Extension::type).filter(v -> !grease(v))
                .collect(Collectors.toList());
        List<String> exts = types.stream().filter(v -> v != 0 && v != 0x10).map(v -> String.format("%04x", v))
                .sorted().collect(Collectors.toList());
        byte[] sa = extensionData(h, 0x000d);
        List<String> sigs = sa == null ? List.of() : u16s(sa, 2).stream().filter(v -> !grease(v))
                .map(v -> String.format("%04x", v)).collect(Collectors.toList());
        String alpn = "00";
        byte[] al = extensionData(h, 0x0010);
        if (al != null && al.length > 2 && (al[2] & 0xff) > 0) {
            int n = al[2] & 0xff;
            int first = al[3] & 0xff;
            int last = al[2 + n] & 0xff;
            if (alnum(first) && alnum(last)) {
                alpn = "" + (char) first + (char) last;
            } else {
                String hex = HexFormat.of().formatHex(al, 3, 3 + n);
                alpn = "" + hex.charAt(0) + hex.charAt(hex.length() - 1);
            }
        }
        String a = transport + ver + (extensionData(h, 0) != null ? "d" : "i")
                + String.format("%02d", Math.min(99, ciphers.size())) + String.format("%02d", Math.min(99, types.size()))
                + alpn;
        String b = String.join(",", ciphers);
        String c = String.join(",", exts) + (sigs.isEmpty() ? "" : "_" + String.join(",", sigs));
        if (!hashed) {
            return a + "_" + b + "_" + c;
        }
        return a + "_" + (ciphers.isEmpty() ? "000000000000" : sha12(b)) + "_"
                + (exts.isEmpty() ? "000000000000" : sha12(c));
    }

    static String ja3(HelloBuilder h) {
        byte[] groups = extensionData(h, 0x000a);
        byte[] formats = extensionData(h, 0x000b);
        List<String> pf = new ArrayList<>();
        if (formats != null) {
            for (int i = 1; i < formats.length; i++) {
                pf.add(Integer.toString(formats[i] & 0xff));
            }
        }
        return h.legacyVersion + "," + dec(h.ciphers) + ","
                + dec(h.extensions.stream().map(HelloBuilder.Extension::type).collect(Collectors.toList())) + ","
                + (groups == null ? "" : dec(u16s(groups, 2))) + "," + String.join("-", pf);
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String dec(List<Integer> values) {
        return values.stream().filter(v -> !grease(v)).map(String::valueOf).collect(Collectors.joining("-"));
    }

    private static boolean alnum(int c) {
        return Character.isLetterOrDigit(c) && c < 128;
    }

    private static String sha12(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)))
                    .substring(0, 12);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
