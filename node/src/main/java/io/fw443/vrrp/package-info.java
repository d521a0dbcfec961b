/**
 * VRRPv3 (RFC 5798) election for fw443's virtual-IP groups, without I/O.
 *
 * <p>Why a package of its own: the election decides which node answers for a VIP, so it must be
 * testable on a virtual clock through every RFC transition, and it must speak the real wire format
 * so a keepalived peer interoperates. It therefore holds only two kinds of code:
 * <ul>
 *   <li>the pure machine: {@link io.fw443.vrrp.VrrpMachine#next} maps (state, event, nowNs) to a new
 *       state plus actions as data; timers are deadlines inside {@link io.fw443.vrrp.VrrpGroupState};
 *       tracking ({@link io.fw443.vrrp.VrrpTracking}) and sync groups ({@link io.fw443.vrrp.SyncGroup})
 *       are pure functions too;</li>
 *   <li>the wire codec: {@link io.fw443.vrrp.VrrpAdvertFlyweight}, {@link io.fw443.vrrp.VrrpAdvertEncoder}
 *       and {@link io.fw443.vrrp.AdvertValidator}, allocation-free over caller-owned byte arrays.</li>
 * </ul>
 * The shell that owns timers, pcap handles, VIPs and logging only executes the actions:
 * {@link io.fw443.vrrp.VrrpSpeaker} (receive dispatch, election thread, actions), with
 * {@link io.fw443.vrrp.VrrpElectionLoop}, {@link io.fw443.vrrp.NotifyHook}, {@link io.fw443.vrrp.PeerHeartbeat}
 * and the standalone {@link io.fw443.vrrp.VrrpSpeakerMain}. See docs/design/vrrp.md and
 * docs/design/vrrp-speaker.md.
 */
package io.fw443.vrrp;
