package io.fw443.node;

import io.fw443.sync.LabelSink;
import io.fw443.sync.LabelSource;
import io.fw443.tls.LabelDictionary;
import java.nio.charset.StandardCharsets;

/**
 * The node's label dictionary as the replicator sees it: labels from peers go in (on a transport thread; the
 * dictionary's lock-free slots make that safe next to the engines), and a snapshot served to a joining peer
 * carries every label held. A received text must hash to its hash: anything else is refused (the replicator counts
 * it), so a peer cannot make a flow show a name it does not have.
 */
final class ReplicatedLabels implements LabelSource, LabelSink {
    private final LabelDictionary dictionary;

    ReplicatedLabels(LabelDictionary dictionary) {
        this.dictionary = dictionary;
    }

    @Override
    public boolean label(long hash, byte[] text, int off, int len) {
        if (LabelDictionary.hash(text, off, len) != hash) {
            return false;
        }
        dictionary.put(hash, text, off, len);
        return true;
    }

    @Override
    public void forEachLabel(LabelSink sink) {
        dictionary.forEach((text, hash) -> {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            sink.label(hash, b, 0, b.length);
        });
    }
}
