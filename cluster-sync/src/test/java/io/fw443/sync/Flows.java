package io.fw443.sync;

import io.fw443.table.FlowKey;
import io.fw443.table.FlowRecord;

/** Test flows: distinct canonical TCP keys by index, and records filled the way the engine would fill them. */
final class Flows {
    static final byte[] SERVER = {(byte) 198, 51, 100, 100};

    private Flows() {}

    static FlowKey key(int i) {
        return key(i, 6);
    }

    static FlowKey key(int i, int protocol) {
        byte[] client = {(byte) 192, 0, 2, (byte) (i / 60_000)};
        FlowKey k = new FlowKey();
        k.set(FlowKey.FAMILY_IPV4, protocol, 0, client, 0, 1024 + i % 60_000, SERVER, 0, 443);
        return k;
    }

    static FlowRecord record() {
        return new FlowRecord().wrap(new byte[FlowRecord.LENGTH], 0).clear();
    }

    /** An established flow as a tracker would leave it, with windows derived from {@code seed}. */
    static FlowRecord established(long version, int origin, int seed, long nowNs) {
        FlowRecord r = record();
        r.state(TcpStates.ESTABLISHED).setFlag(FlowRecord.FLAG_SEEN_REPLY | FlowRecord.FLAG_ASSURED)
                .version(version).originNode(origin).lastSeenNs(nowNs).expiresAtNs(nowNs + 3_600_000_000_000L);
        for (int dir = 0; dir < 2; dir++) {
            r.end(dir, seed * 1000 + dir).maxEnd(dir, seed * 1000 + 65_535 + dir).maxWindow(dir, 65_535)
                    .windowScale(dir, 7).zone(dir, dir + 1).packets(dir, seed);
        }
        return r.bytes(seed * 100L).ruleIndex(3);
    }

    static FlowRecord copy(FlowRecord r) {
        return record().copyFrom(r);
    }
}
