/**
 * Log output set-up: human-readable lines by default, JSON lines (one object per line, for the journal and log
 * shippers) when the configuration asks. Code logs through SLF4J only; this package is the one place that knows the
 * backend (Logback).
 */
package io.fw443.logging;
