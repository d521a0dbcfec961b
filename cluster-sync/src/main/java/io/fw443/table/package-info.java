/**
 * The connection table: fixed binary layouts for a flow's key and record, and the {@link io.fw443.table.FlowTable}
 * contract the engine reads and writes on every packet. Implementations keep records where they like (on heap for
 * tests, off heap in Chronicle Map for the node); callers only ever see flyweights over the stored bytes, so an update
 * happens in place with no copy and no allocation.
 */
package io.fw443.table;
