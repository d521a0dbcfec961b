/**
 * The lab: one topology description turned into network namespaces (hosts), a switch namespace holding one bridge
 * per segment, and veth links between them. The HA tests, the demo and the lab benchmarks build on it; nothing here
 * touches the root namespace, and everything it creates is removed by exact name and PID.
 */
package io.fw443.lab;
