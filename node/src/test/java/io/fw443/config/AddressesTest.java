package io.fw443.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Our own literal address parsing: IPv4, IPv6 (RFC 4291 §2.2 input, RFC 5952 output), CIDR, addr:port, MAC. */
class AddressesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1            | IPV4 | 0                  | 3221225985",
        "0.0.0.0              | IPV4 | 0                  | 0",
        "255.255.255.255      | IPV4 | 0                  | 4294967295",
        "2001:db8::1          | IPV6 | 2306139568115548160 | 1",
        "::                   | IPV6 | 0                  | 0",
        "::1                  | IPV6 | 0                  | 1",
        "::ffff:192.0.2.1     | IPV6 | 0                  | 281473902969345",
        "1:2:3:4:5:6:7:8      | IPV6 | 281483566841860    | 1407400653815816",
        "2001:DB8:0:0:0:0:0:1 | IPV6 | 2306139568115548160 | 1",
    })
    void parsesLiterals(String text, IpAddress.Family family, long high, long low) {
        Parsed<IpAddress> parsed = IpAddress.parse(text);
        assertTrue(parsed.ok(), parsed::error);
        assertEquals(new IpAddress(family, high, low), parsed.value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1",
        "2001:db8:0:1:0:0:0:1                    | 2001:db8:0:1::1",
        "2001:db8:0:0:1:0:0:1                    | 2001:db8::1:0:0:1",
        "2001:db8:1:1:1:1:1:1                    | 2001:db8:1:1:1:1:1:1",
        "1:0:0:0:0:0:0:0                         | 1::",
        "0:0:0:0:0:0:0:0                         | ::",
        "2001:db8::0:1                           | 2001:db8::1",
        "2001:db8:0:1:1:1:1:1                    | 2001:db8:0:1:1:1:1:1",
        "0:0:0:0:0:ffff:c000:0201                | ::ffff:192.0.2.1",
        "192.0.2.1                               | 192.0.2.1",
    })
    void printsCanonicalText(String text, String canonical) {
        assertEquals(canonical, IpAddress.parse(text).value().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2                | 'is not an IPv4 address: expected four decimal numbers'",
        "192.0.2.1.5            | 'is not an IPv4 address: expected four decimal numbers'",
        "192.0.2.256            | '256 is outside 0..255'",
        "192.0.2.01             | 'has a leading zero'",
        "192.0.2.-1             | 'is not an IPv4 address'",
        "192.0.2.1.             | 'is not an IPv4 address'",
        "fw-b.example           | 'host names are never resolved'",
        "localhost              | 'host names are never resolved'",
        "2001:db8::1::2         | 'may appear only once'",
        "2001:db8:::1           | 'may appear only once'",
        "1:2:3:4:5:6:7          | 'expected eight groups'",
        "1:2:3:4:5:6:7:8:9      | 'is not an IPv6 address'",
        "1:2:3:4::5:6:7:8       | 'too many groups around'",
        "12345::                | 'is not an IPv6 address'",
        "2001:db8::g            | 'is not an IPv6 address'",
        "fe80::1%eth0           | 'zone ids'",
        ":1::                   | 'is not an IPv6 address'",
        "1::2:                  | 'is not an IPv6 address'",
        "::ffff:192.0.2.300     | 'is not an IPv6 address'",
        "1.2.3.4::              | 'is not an IPv6 address'",
        "'١٢٣.0.2.1'            | 'is not an IPv4 address'",
    })
    void rejectsBadLiterals(String text, String reason) {
        Parsed<IpAddress> parsed = IpAddress.parse(text);
        assertFalse(parsed.ok(), () -> text + " parsed as " + parsed.value());
        assertTrue(parsed.error().contains(reason), parsed::error);
    }

    @Test
    void rejectsFullWidthHexDigits() {
        assertFalse(IpAddress.parse("2001:db8::\uFF21").ok());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.0/24     | 192.0.2.77      | true",
        "192.0.2.0/24     | 192.0.3.1       | false",
        "192.0.2.128/25   | 192.0.2.127     | false",
        "0.0.0.0/0        | 203.0.113.9     | true",
        "192.0.2.0/24     | ::ffff:192.0.2.1 | false",
        "2001:db8::/32    | 2001:db8:ffff::1 | true",
        "2001:db8::/32    | 2001:db9::1     | false",
        "2001:db8::/96    | 2001:db8::ffff:ffff | true",
        "2001:db8::1/128  | 2001:db8::1     | true",
        "2001:db8::1/128  | 2001:db8::2     | false",
    })
    void cidrContains(String cidr, String address, boolean inside) {
        assertEquals(inside, Cidr.parse(cidr, true).value().contains(IpAddress.parse(address).value()));
    }

    @Test
    void cidrNetworkAndOverlap() {
        Cidr host = Cidr.parse("198.51.100.77/25", true).value();
        assertEquals("198.51.100.0/25", host.network().toString());
        assertFalse(host.isNetwork());
        assertTrue(Cidr.parse("198.51.100.0/24", true).value().overlaps(host));
        assertFalse(Cidr.parse("198.51.100.128/25", true).value().overlaps(host));
        assertTrue(Cidr.parse("2001:db8::/64", true).value().overlaps(Cidr.parse("2001:db8::5/126", true).value()));
        assertEquals(new Cidr(IpAddress.parse("192.0.2.9").value(), 32), Cidr.parse("192.0.2.9", false).value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.0/24   | true",
        "192.0.2.255/24 | true",
        "192.0.2.1/24   | false",
        "192.0.2.0/31   | false",
        "192.0.2.1/32   | false",
        "2001:db8::/64  | false",
    })
    void v4NetworkAndBroadcastAreNotHostAddresses(String cidr, boolean special) {
        assertEquals(special, Cidr.parse(cidr, true).value().isNetworkOrBroadcastOfV4Subnet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.0/33", "192.0.2.0/", "192.0.2.0/-1", "192.0.2.0/024", "2001:db8::/129",
        "192.0.2.0/a", "192.0.2.0/1000"})
    void rejectsBadPrefixLengths(String text) {
        Parsed<Cidr> parsed = Cidr.parse(text, true);
        assertFalse(parsed.ok());
        assertTrue(parsed.error().contains("bad prefix length"), parsed::error);
    }

    @Test
    void prefixRequiredForInterfaceAddresses() {
        assertEquals("'192.0.2.2' has no prefix length: write it as address/prefix, e.g. 192.0.2.2/24",
                Cidr.parse("192.0.2.2", true).error());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "203.0.113.3:7800        | 203.0.113.3  | 7800",
        "[2001:db8::3]:7800      | 2001:db8::3  | 7800",
        "127.0.0.1:1             | 127.0.0.1    | 1",
        "[::1]:65535             | ::1          | 65535",
    })
    void parsesHostPort(String text, String address, int port) {
        HostPort hp = HostPort.parse(text).value();
        assertEquals(IpAddress.parse(address).value(), hp.address());
        assertEquals(port, hp.port());
        assertEquals(text, hp.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "203.0.113.3          | has no port",
        "203.0.113.3:0        | bad port '0'",
        "203.0.113.3:65536    | bad port '65536'",
        "203.0.113.3:78a      | bad port",
        "2001:db8::3:7800     | write an IPv6 address in brackets",
        "[203.0.113.3]:7800   | brackets are only for IPv6",
        "[2001:db8::3]7800    | expected address:port",
        "fw-b:7800            | host names are never resolved",
    })
    void rejectsBadHostPort(String text, String reason) {
        Parsed<HostPort> parsed = HostPort.parse(text);
        assertFalse(parsed.ok());
        assertTrue(parsed.error().contains(reason), parsed::error);
    }

    @Test
    void parsesMacAddresses() {
        assertEquals(0x02005e100001L, MacAddress.parse("02:00:5E:10:00:01").value().value());
        assertEquals("02:00:5e:10:00:01", MacAddress.parse("02:00:5E:10:00:01").value().toString());
        assertTrue(MacAddress.parse("01:00:5e:00:00:01").error().contains("group (multicast)"));
        assertTrue(MacAddress.parse("00:00:00:00:00:00").error().contains("all-zero"));
        assertTrue(MacAddress.parse("02-00-5e-10-00-01").error().contains("expected six two-digit hex octets"));
        assertTrue(MacAddress.parse("02:00:5e:10:00").error().contains("expected six two-digit hex octets"));
        assertTrue(MacAddress.parse("02:00:5e:10:00:0g").error().contains("expected six two-digit hex octets"));
    }
}
