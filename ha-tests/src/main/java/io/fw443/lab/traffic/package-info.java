/**
 * Traffic for the HA lab: what the failover scenarios measure. {@link io.fw443.lab.traffic.TlsEchoServer} echoes TLS
 * records and serves HTTPS (HTTP/1.1 large downloads, an HTTP/2 stream); {@link io.fw443.lab.traffic.TlsEchoFleet}
 * holds many long-lived TLS sessions, each sending a numbered record every 20 ms and checking its echo, and writes what
 * the clients saw (a JSON report, a 50 ms time series, a live status file). {@link io.fw443.lab.traffic.TimelineSvg}
 * and {@link io.fw443.lab.traffic.FailoverReport} turn those files into the picture and the report words of issue 8.
 * Both main classes run as separate processes inside lab namespaces; {@link io.fw443.lab.traffic.TrafficProcesses}
 * builds their command lines. Netty is used here only as a test tool, not as part of the node.
 */
package io.fw443.lab.traffic;
