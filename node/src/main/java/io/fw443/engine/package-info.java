/**
 * The packet pipeline: one frame and the time in, a verdict and its reason out, the flow table updated in place.
 * It ties packet parsing, connection tracking, policy and limits together and does no I/O: the data plane feeds it
 * frames and carries out verdicts, the sync layer hears about flows through {@link io.fw443.engine.FlowEvents}.
 */
package io.fw443.engine;
