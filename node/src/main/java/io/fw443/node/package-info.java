/**
 * The running node: wires a validated config into the flow table, the compiled policy, one engine and receive loop
 * per data interface and the housekeeping timer, and takes them down again in order. Kept apart from the data plane
 * so the data plane's classes stay testable without a process around them.
 */
package io.fw443.node;
