package io.fw443.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrParserTest {

    private static ParseStatus parse(final CidrParser p, final String text) {
        final byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return p.parse(b, 0, b.length);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.0/24        | 192.0.2.0       | 24",
        "192.0.2.7           | 192.0.2.7       | 32",
        "0.0.0.0/0           | 0.0.0.0         | 0",
        "255.255.255.255/32  | 255.255.255.255 | 32",
        "10.0.0.0/8          | 10.0.0.0        | 8",
        "2001:db8::/32       | 2001:db8::      | 32",
        "2001:DB8:0:0:0:0:0:1| 2001:db8::1     | 128",
        "::/0                | ::              | 0",
        "::                  | ::              | 128",
        "::1                 | ::1             | 128",
        "fe80::/10           | fe80::          | 10",
        "1::                 | 1::             | 128",
        "1:2:3:4:5:6:7:8/128 | 1:2:3:4:5:6:7:8 | 128",
        "1:2:3:4:5:6::/96    | 1:2:3:4:5:6::   | 96",
        "::ffff:192.0.2.128/121 | ::ffff:c000:280 | 121",
        "64:ff9b::198.51.100.7 | 64:ff9b::c633:6407 | 128",
        "1:2:3:4:5:6:203.0.113.9 | 1:2:3:4:5:6:cb00:7109 | 128",
        "2001:db8:0:1::/64   | 2001:db8:0:1::  | 64",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | 128",
    })
    void acceptsValidPrefixes(final String text, final String address, final int length) {
        final CidrParser p = new CidrParser();
        assertEquals(ParseStatus.OK, parse(p, text));
        final byte[] expected = Addresses.ip(address);
        final ByteBuffer parsed = expected.length == 4
            ? ByteBuffer.allocate(4).putInt((int) p.lo())
            : ByteBuffer.allocate(16).putLong(p.hi()).putLong(p.lo());
        assertEquals(ByteBuffer.wrap(expected), parsed.flip());
        assertEquals(Addresses.family(expected), p.family());
        assertEquals(length, p.prefixLength());
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2         | BAD_IPV4",
        "192.0.2.0.1     | BAD_IPV4",
        "192.0.2.256     | BAD_IPV4",
        "192.0.02.1      | BAD_IPV4",
        "192.0.2.1000    | BAD_IPV4",
        "192..2.1        | BAD_IPV4",
        ".192.0.2.1      | BAD_IPV4",
        "192.0.2.1.      | BAD_IPV4",
        "192.0.2.x       | BAD_IPV4",
        "/24             | BAD_IPV4",
        "192.0.2.0/33    | BAD_PREFIX_LENGTH",
        "192.0.2.0/      | BAD_PREFIX_LENGTH",
        "192.0.2.0/2x    | BAD_PREFIX_LENGTH",
        "192.0.2.0/-1    | BAD_PREFIX_LENGTH",
        "192.0.2.0/1024  | BAD_PREFIX_LENGTH",
        "192.0.2.0/24/24 | BAD_PREFIX_LENGTH",
        "192.0.2.1/24    | HOST_BITS_SET",
        "0.0.0.1/0       | HOST_BITS_SET",
        "2001:db8::/129  | BAD_PREFIX_LENGTH",
        "2001:db8::1/64  | HOST_BITS_SET",
        "::1/127         | HOST_BITS_SET",
        "2001:db8::/16   | HOST_BITS_SET",
        ":::             | BAD_IPV6",
        "1::2::3         | BAD_IPV6",
        "1:2:3:4:5:6:7:8:9 | BAD_IPV6",
        "1:2:3:4:5:6:7   | BAD_IPV6",
        "1:2:3:4:5:6:7:8::| BAD_IPV6",
        "::1:2:3:4:5:6:7:8| BAD_IPV6",
        "12345::         | BAD_IPV6",
        ":1::            | BAD_IPV6",
        "1:              | BAD_IPV6",
        "g::             | BAD_IPV6",
        "fe80::1%eth0    | BAD_IPV6",
        "::ffff:192.0.2  | BAD_IPV6",
        "::ffff:1.2.3.4.5| BAD_IPV6",
        "1:2:3:4:5:6:7:1.2.3.4 | BAD_IPV6",
        "::1.2.3.4:5     | BAD_IPV6",
    })
    void refusesInvalidText(final String text, final ParseStatus expected) {
        assertEquals(expected, parse(new CidrParser(), text));
    }
}
