package io.fw443.sync;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A node's labels for tests: both the source a snapshot reads and the sink received labels land in. */
final class LabelMap implements LabelSource, LabelSink {
    final Map<Long, byte[]> labels = new ConcurrentHashMap<>();

    void put(long hash, String text) {
        labels.put(hash, text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean label(long hash, byte[] text, int off, int len) {
        labels.put(hash, Arrays.copyOfRange(text, off, off + len));
        return true;
    }

    @Override
    public void forEachLabel(LabelSink sink) {
        labels.forEach((hash, text) -> sink.label(hash, text, 0, text.length));
    }

    /** Hash → text, sorted, for equality checks with readable failures. */
    Map<Long, String> texts() {
        Map<Long, String> m = new TreeMap<>();
        labels.forEach((hash, text) -> m.put(hash, new String(text, StandardCharsets.US_ASCII)));
        return m;
    }
}
