/**
 * Frames in and out of the node's data interfaces. pcap4j opens and configures each handle (immediate mode, a big
 * ring, inbound direction only, BPF); the per-packet receive and inject calls go to libpcap through JNA direct
 * mapping on that same handle, because that path copies each frame once into a reused array and allocates nothing
 * (STACK-NOTES §1: 296k frames/s against 225k for pcap4j's raw listener). This package is the only importer of
 * pcap4j and JNA.
 *
 * <p>It also holds the host path that replaces the kernel on a data interface: the addresses the node answers for
 * ({@link io.fw443.dataplane.VipTable}), the ARP / neighbour-solicitation answers
 * ({@link io.fw443.dataplane.ArpResponder}) and the gratuitous announcements of taken-over addresses
 * ({@link io.fw443.dataplane.GratuitousAnnouncer}).
 */
package io.fw443.dataplane;
