/**
 * The connection table: fixed binary layouts for a flow's key and record, and the {@link io.fw443.table.FlowTable}
 * contract the engine reads and writes on every packet. Implementations keep records where they like (on heap for
 * tests, off heap in Chronicle Map for the node, optionally in a file that survives a restart); callers only ever see
 * flyweights over the stored bytes, so an update happens in place with no copy and no allocation. Chronicle Map is
 * imported here and nowhere else. {@link io.fw443.table.ExpirySweeper} removes expired flows in time-budgeted slices.
 */
package io.fw443.table;
