package io.fw443.config;

/**
 * An inclusive range of TCP/UDP destination ports; a single port is a range of one.
 *
 * @param first 1..65535
 * @param last first..65535
 */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 1 || last > 65_535 || first > last) {
            throw new IllegalArgumentException("bad port range " + first + "-" + last);
        }
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
