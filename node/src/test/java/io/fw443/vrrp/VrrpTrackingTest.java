package io.fw443.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VrrpTrackingTest {

    private final VrrpTracking tracking = new VrrpTracking(50, 30, 150, Map.of("inside", 100, "outside", 90));

    @Test
    void eachFailingConditionAddsItsWeight() {
        assertEquals(0, tracking.demotion(Set.of(), true, true, true));
        assertEquals(100, tracking.demotion(Set.of("inside"), true, true, true));
        assertEquals(190, tracking.demotion(Set.of("inside", "outside"), true, true, true));
        assertEquals(50, tracking.demotion(Set.of(), false, true, true));
        assertEquals(30, tracking.demotion(Set.of(), true, false, true));
        assertEquals(150, tracking.demotion(Set.of(), true, true, false));
        assertEquals(420, tracking.demotion(Set.of("inside", "outside"), false, false, false));
        assertEquals(0, tracking.demotion(Set.of("mgmt"), true, true, true), "untracked interface");
        assertEquals(0, VrrpTracking.none().demotion(Set.of("inside"), false, false, false));
    }

    @Test
    void weightsAreBoundedLikePriorities() {
        assertThrows(IllegalArgumentException.class, () -> new VrrpTracking(-1, 0, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new VrrpTracking(0, 0, 255, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new VrrpTracking(0, 0, 0, Map.of("inside", 300)));
    }
}
