/**
 * Connection tracking: decides whether a packet belongs to a flow the table already holds, and moves that flow's
 * state forward. It exists so the engine can forward the packets of an accepted flow without asking the policy again,
 * while refusing segments a real endpoint could not have sent (bad flag combinations, sequence numbers outside the
 * window, resets that do not hit the window) and ICMP errors that quote no tracked flow.
 *
 * <p>The TCP machine follows Linux netfilter's {@code nf_conntrack_proto_tcp} (state table and van Rooij's window
 * rules); failures are named conditions in the manner of pf's {@code pf_tcp_track_full}, one {@link
 * io.fw443.conntrack.TrackResult} per condition so each gets its own counter. Trackers read and write a
 * {@link io.fw443.table.FlowRecord} in place: no I/O, no allocation, no clock of their own ({@code nowNs} comes in).
 * See docs/design/conntrack.md.
 */
package io.fw443.conntrack;
