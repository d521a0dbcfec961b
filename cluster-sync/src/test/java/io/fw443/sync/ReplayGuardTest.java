package io.fw443.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    private final ReplayGuard guard = new ReplayGuard();

    @Test
    void acceptsEachSequenceOnceAndToleratesReorderingInsideTheWindow() {
        assertTrue(guard.accept(2, false, 7, 10));
        assertTrue(guard.accept(2, false, 7, 12));
        assertTrue(guard.accept(2, false, 7, 11), "late but unseen");
        assertFalse(guard.accept(2, false, 7, 11), "seen");
        assertFalse(guard.accept(2, false, 7, 12), "seen");
        assertTrue(guard.accept(2, false, 7, 12 + ReplayGuard.WINDOW));
        assertFalse(guard.accept(2, false, 7, 12), "fell out of the window");
        assertTrue(guard.accept(2, false, 7, 13 + 1), "inside the window and unseen");
    }

    @Test
    void channelsAndSendersHaveTheirOwnWindows() {
        assertTrue(guard.accept(2, false, 7, 5));
        assertTrue(guard.accept(2, true, 7, 5));
        assertTrue(guard.accept(3, false, 7, 5));
        assertFalse(guard.accept(2, true, 7, 5));
    }

    @Test
    void aNewIncarnationStartsAFreshWindowAndRetiresTheOld() {
        assertTrue(guard.accept(2, false, 7, 100));
        assertTrue(guard.accept(2, false, 8, 1), "restarted sender counts from 1 again");
        assertFalse(guard.accept(2, false, 7, 101), "messages of the old incarnation are replays now");
        assertTrue(guard.accept(2, false, 8, 2));
        for (long inc = 9; inc < 9 + ReplayGuard.RETIRED; inc++) {
            assertTrue(guard.accept(2, false, inc, 1));
        }
        assertTrue(guard.accept(2, false, 7, 500), "only the last few incarnations are remembered");
    }
}
