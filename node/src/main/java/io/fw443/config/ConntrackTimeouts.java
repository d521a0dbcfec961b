package io.fw443.config;

import java.time.Duration;

/**
 * Idle timeouts per tracking state; defaults are Linux nf_conntrack's.
 *
 * @param synSent TCP SYN seen, no answer
 * @param synRecv TCP SYN-ACK seen
 * @param established TCP established
 * @param finWait TCP FIN seen in one direction
 * @param closeWait TCP FIN answered by ACK, other side still open
 * @param lastAck TCP FIN seen in both directions, last ACK awaited
 * @param timeWait TCP closed, waiting for stray packets
 * @param close TCP reset
 * @param udp UDP, packets seen in one direction only
 * @param udpStream UDP, packets seen in both directions
 * @param icmp ICMP / ICMPv6 echo
 */
public record ConntrackTimeouts(
        Duration synSent,
        Duration synRecv,
        Duration established,
        Duration finWait,
        Duration closeWait,
        Duration lastAck,
        Duration timeWait,
        Duration close,
        Duration udp,
        Duration udpStream,
        Duration icmp) {
}
