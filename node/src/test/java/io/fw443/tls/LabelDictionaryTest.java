package io.fw443.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelDictionaryTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static long hash(String s) {
        return LabelDictionary.hash(ascii(s), 0, s.length());
    }

    @Test
    void hashIsFnv1a64() {
        // FNV-1a 64 test values (Fowler/Noll/Vo reference): "" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c.
        assertEquals(0xcbf29ce484222325L, hash(""));
        assertEquals(0xaf63dc4c8601ec8cL, hash("a"));
        assertEquals(0x85944171f73967e8L, hash("foobar"));
    }

    @Test
    void labelsComeBackByHashAndCollisionsEvict() {
        LabelDictionary d = new LabelDictionary(4);
        byte[] buf = ascii("xxwww.example.testyy");
        long h = LabelDictionary.hash(buf, 2, 16);
        assertEquals(hash("www.example.test"), h);
        d.put(h, buf, 2, 16);
        assertEquals("www.example.test", d.get(h));
        assertNull(d.get(hash("other.test")));
        // Fill every slot with other names: direct mapping evicts, the dictionary stays at its capacity.
        for (int i = 0; i < 100; i++) {
            byte[] n = ascii("n" + i);
            d.put(LabelDictionary.hash(n, 0, n.length), n, 0, n.length);
        }
        assertEquals(4, d.capacity());
        int found = 0;
        for (int i = 0; i < 100; i++) {
            String s = d.get(hash("n" + i));
            if (s != null) {
                assertEquals("n" + i, s);
                found++;
            }
        }
        assertTrue(found >= 1 && found <= 4, "found " + found);
        assertNotEquals(0, hash("anything"));
    }

    @Test
    void putSaysWhetherTheLabelIsNewAndForEachVisitsWhatIsHeld() {
        LabelDictionary d = new LabelDictionary(64);
        byte[] a = ascii("a.example.test");
        byte[] b = ascii("b.example.test");
        assertTrue(d.put(hash("a.example.test"), a, 0, a.length), "new");
        assertFalse(d.put(hash("a.example.test"), a, 0, a.length), "already held: nothing to tell the peers");
        assertTrue(d.put(hash("b.example.test"), b, 0, b.length));
        Map<Long, String> seen = new HashMap<>();
        d.forEach((text, h) -> seen.put(h, text));
        assertEquals(Map.of(hash("a.example.test"), "a.example.test", hash("b.example.test"), "b.example.test"),
                seen);
    }
}
