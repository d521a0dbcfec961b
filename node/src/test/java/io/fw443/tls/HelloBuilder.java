package io.fw443.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes ClientHello / ServerHello bytes from plain lists, following the RFC 8446 §4.1.2 / §4.1.3
 * grammar, so that tests state their expectations in terms of the inputs, not of the parser.
 */
final class HelloBuilder {
    record Extension(int type, byte[] data) {
    }

    int legacyVersion = 0x0303;
    byte[] sessionId = new byte[32];
    byte[] random;
    final List<Integer> ciphers = new ArrayList<>();
    byte[] compressionMethods = {0};
    final List<Extension> extensions = new ArrayList<>();
    boolean omitExtensionsBlock;

    HelloBuilder ciphers(int... values) {
        for (int v : values) {
            ciphers.add(v);
        }
        return this;
    }

    HelloBuilder extension(int type, byte[] data) {
        extensions.add(new Extension(type, data));
        return this;
    }

    HelloBuilder sni(String host) {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        return extension(0x0000, concat(u16(name.length + 3), new byte[] {0}, u16(name.length), name));
    }

    HelloBuilder alpn(String... protocols) {
        return alpnRaw(java.util.Arrays.stream(protocols)
                .map(s -> s.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new));
    }

    HelloBuilder alpnRaw(byte[]... protocols) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (byte[] p : protocols) {
            list.write(p.length);
            list.writeBytes(p);
        }
        return extension(0x0010, concat(u16(list.size()), list.toByteArray()));
    }

    HelloBuilder groups(int... values) {
        return extension(0x000a, u16Vector(values));
    }

    HelloBuilder signatureAlgorithms(int... values) {
        return extension(0x000d, u16Vector(values));
    }

    HelloBuilder pointFormats(int... values) {
        byte[] data = new byte[values.length + 1];
        data[0] = (byte) values.length;
        for (int i = 0; i < values.length; i++) {
            data[i + 1] = (byte) values[i];
        }
        return extension(0x000b, data);
    }

    HelloBuilder supportedVersions(int... values) {
        byte[] data = new byte[1 + 2 * values.length];
        data[0] = (byte) (2 * values.length);
        for (int i = 0; i < values.length; i++) {
            data[1 + 2 * i] = (byte) (values[i] >> 8);
            data[2 + 2 * i] = (byte) values[i];
        }
        return extension(0x002b, data);
    }

    /** key_share entries as (group, key length) pairs; key bytes are a filler pattern. */
    HelloBuilder keyShares(int... groupAndLength) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (int i = 0; i < groupAndLength.length; i += 2) {
            list.writeBytes(u16(groupAndLength[i]));
            list.writeBytes(u16(groupAndLength[i + 1]));
            for (int j = 0; j < groupAndLength[i + 1]; j++) {
                list.write(j * 7 + 1);
            }
        }
        return extension(0x0033, concat(u16(list.size()), list.toByteArray()));
    }

    /** The ClientHello handshake message: type 1, uint24 length, body. */
    byte[] clientHello() {
        return handshake(1, clientBody());
    }

    byte[] clientBody() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(u16(legacyVersion));
        writeRandom(b, 0x40);
        b.write(sessionId.length);
        b.writeBytes(sessionId);
        b.writeBytes(u16(2 * ciphers.size()));
        for (int c : ciphers) {
            b.writeBytes(u16(c));
        }
        b.write(compressionMethods.length);
        b.writeBytes(compressionMethods);
        if (!omitExtensionsBlock) {
            b.writeBytes(extensionsBlock());
        }
        return b.toByteArray();
    }

    /** A ServerHello with the first cipher as the selected one and the extensions as given. */
    byte[] serverHello() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(u16(legacyVersion));
        writeRandom(b, 0x60);
        b.write(sessionId.length);
        b.writeBytes(sessionId);
        b.writeBytes(u16(ciphers.get(0)));
        b.write(0);
        if (!omitExtensionsBlock) {
            b.writeBytes(extensionsBlock());
        }
        return handshake(2, b.toByteArray());
    }

    private void writeRandom(ByteArrayOutputStream b, int filler) {
        if (random != null) {
            b.writeBytes(random);
            return;
        }
        for (int i = 0; i < 32; i++) {
            b.write(filler + i);
        }
    }

    private byte[] extensionsBlock() {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        for (Extension x : extensions) {
            e.writeBytes(u16(x.type()));
            e.writeBytes(u16(x.data().length));
            e.writeBytes(x.data());
        }
        return concat(u16(e.size()), e.toByteArray());
    }

    static byte[] handshake(int type, byte[] body) {
        return concat(new byte[] {(byte) type, (byte) (body.length >> 16), (byte) (body.length >> 8), (byte) body.length},
                body);
    }

    /** Wraps {@code message} in handshake records of at most {@code fragmentBytes} each. */
    static byte[] records(byte[] message, int fragmentBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int p = 0; p < message.length; p += fragmentBytes) {
            int n = Math.min(fragmentBytes, message.length - p);
            out.writeBytes(new byte[] {22, 3, 1, (byte) (n >> 8), (byte) n});
            out.write(message, p, n);
        }
        return out.toByteArray();
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    static byte[] u16Vector(int... values) {
        byte[] data = new byte[2 + 2 * values.length];
        data[0] = (byte) (values.length * 2 >> 8);
        data[1] = (byte) (values.length * 2);
        for (int i = 0; i < values.length; i++) {
            data[2 + 2 * i] = (byte) (values[i] >> 8);
            data[3 + 2 * i] = (byte) values[i];
        }
        return data;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] hex(String s) {
        String t = s.replaceAll("\\s", "");
        byte[] b = new byte[t.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
