package io.fw443.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FragmentPolicyTest {
    @ParameterizedTest(name = "offset {0} MF {1} -> {2}")
    @CsvSource({
        "0,    false, true",
        "0,    true,  false",
        "185,  true,  false",
        "185,  false, false",
        "8191, false, false",
    })
    void dropAllAdmitsOnlyWholeDatagrams(int offset, boolean moreFragments, boolean admitted) {
        assertEquals(admitted, FragmentPolicy.DROP_ALL.admits(offset, moreFragments));
    }
}
