package io.fw443.config;

import java.time.Duration;

/**
 * Gratuitous ARP (IPv4) / unsolicited Neighbor Advertisement (IPv6) sent by a new master.
 *
 * @param count how many are sent on becoming master, 1..100
 * @param spacing the gap between them
 * @param refresh repeat one this often while master; zero turns the refresh off
 */
public record GarpConfig(int count, Duration spacing, Duration refresh) {
}
