package io.fw443.table;

class HeapFlowTableContractTest extends FlowTableContractTest {
    @Override
    protected FlowTable create(long capacity) {
        return new HeapFlowTable(capacity, 8);
    }
}
