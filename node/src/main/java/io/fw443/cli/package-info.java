/**
 * The {@code fw443} command line (picocli): one class per command, each a thin shell over the node's packages or its
 * management API. Errors the user can fix come out as one line and an exit code, never as a stack trace.
 */
package io.fw443.cli;
