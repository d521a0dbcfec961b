package io.fw443.table;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The contract on Chronicle Map, in anonymous memory and mapped to a file (where entries carry checksums). */
class ChronicleFlowTableContractTest {
    @Nested
    class InMemory extends FlowTableContractTest {
        @Override
        protected FlowTable create(long capacity) throws Exception {
            return ChronicleFlowTable.open(ChronicleFlowTable.Options.inMemory(capacity));
        }
    }

    @Nested
    class Persisted extends FlowTableContractTest {
        @TempDir
        Path dir;
        private int files;

        @Override
        protected FlowTable create(long capacity) throws Exception {
            Path file = dir.resolve("flows-" + files++);
            return ChronicleFlowTable.open(ChronicleFlowTable.Options.persisted(capacity, file));
        }
    }
}
