package io.fw443.lab.traffic;

/** A moment on the timeline (wall clock, ms since the epoch) with a label: "kill", "VIP moved", "resync done". */
public record Marker(long epochMs, String label) {}
