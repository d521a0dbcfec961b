package io.fw443.vrrp;

import static io.fw443.vrrp.Ip.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Arbitrary bytes never make the validator throw, and whatever it accepts reads back consistently.
 * Byte 0 picks the family (even: IPv4, odd: IPv6), the rest is the IP packet. Seeds: a valid advert
 * of each family, so the fuzzer starts past the header checks.
 */
class AdvertValidatorFuzzTest {

    private final AdvertValidator v4 = new AdvertValidator(51, List.of(ip("192.0.2.1"), ip("192.0.2.10")));
    private final AdvertValidator v6 = new AdvertValidator(52, List.of(ip("2001:db8::1")));

    @FuzzTest(maxDuration = "20s")
    void validatorNeverThrows(byte[] data) {
        if (data.length == 0) {
            return;
        }
        AdvertValidator validator = (data[0] & 1) == 0 ? v4 : v6;
        AdvertCheck check = validator.validatePacket(data, 1, data.length - 1);
        assertNotNull(check);
        if (check == AdvertCheck.OK) {
            VrrpAdvertFlyweight advert = validator.advert();
            assertEquals(validator == v4 ? 51 : 52, advert.vrid());
            assertEquals(3, advert.version());
            assertNotNull(validator.sourceAddress());
            // The machine's event accepts every advert the validator accepts.
            assertNotNull(new VrrpEvent.AdvertReceived(advert.priority(), advert.maxAdvertIntervalCs(),
                validator.sourceAddress()));
        }
    }
}
