package io.fw443.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortRangesTest {
    private static final PortRanges RANGES = PortRanges.builder()
        .add(8000, 8999).add(443).add(22).add(8500, 9100).add(9101).add(1, 3).add(0).build();

    @Test
    void overlappingAndAdjacentRangesMerge() {
        assertArrayEquals(new int[] {0, 3, 22, 22, 443, 443, 8000, 9101}, RANGES.ranges());
        assertEquals("0-3,22,443,8000-9101", RANGES.toString());
        assertEquals(PortRanges.of(443, 22), PortRanges.builder().add(22).add(443).add(443).build());
    }

    @ParameterizedTest
    @CsvSource({"0,true", "3,true", "4,false", "21,false", "22,true", "23,false", "442,false", "443,true", "444,false",
        "7999,false", "8000,true", "9101,true", "9102,false", "65535,false"})
    void containsChecksRangeEdges(final int port, final boolean expected) {
        assertEquals(expected, RANGES.contains(port));
        assertEquals(true, PortRanges.ANY.contains(port));
    }

    @Test
    void refusesBadRanges() {
        assertThrows(IllegalArgumentException.class, () -> PortRanges.builder().add(-1));
        assertThrows(IllegalArgumentException.class, () -> PortRanges.builder().add(65536));
        assertThrows(IllegalArgumentException.class, () -> PortRanges.builder().add(10, 9));
        assertThrows(IllegalArgumentException.class, () -> PortRanges.builder().build());
    }
}
