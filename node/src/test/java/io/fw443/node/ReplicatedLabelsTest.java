package io.fw443.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fw443.tls.LabelDictionary;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicatedLabelsTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static long hash(String s) {
        byte[] b = ascii(s);
        return LabelDictionary.hash(b, 0, b.length);
    }

    @Test
    void aPeersLabelLandsInTheDictionaryOnlyWhenItsTextMatchesItsHash() {
        LabelDictionary dictionary = new LabelDictionary(64);
        ReplicatedLabels labels = new ReplicatedLabels(dictionary);
        byte[] message = ascii("..server.example.test..");
        assertTrue(labels.label(hash("server.example.test"), message, 2, 19));
        assertEquals("server.example.test", dictionary.get(hash("server.example.test")));
        assertFalse(labels.label(hash("other.example.test"), message, 2, 19), "a text under another's hash");
        assertNull(dictionary.get(hash("other.example.test")));
    }

    @Test
    void aJoiningPeerIsServedEveryLabelHeld() {
        LabelDictionary dictionary = new LabelDictionary(64);
        for (String s : new String[] {"a.example.test", "t13d1516h2_8daaf6152771_02713d6af862"}) {
            byte[] b = ascii(s);
            dictionary.put(hash(s), b, 0, b.length);
        }
        Map<Long, String> served = new HashMap<>();
        new ReplicatedLabels(dictionary).forEachLabel((h, text, off, len) -> {
            served.put(h, new String(text, off, len, StandardCharsets.US_ASCII));
            return true;
        });
        assertEquals(Map.of(hash("a.example.test"), "a.example.test",
                hash("t13d1516h2_8daaf6152771_02713d6af862"), "t13d1516h2_8daaf6152771_02713d6af862"), served);
    }
}
