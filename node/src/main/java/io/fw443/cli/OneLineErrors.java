package io.fw443.cli;

import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one line on stderr and exit code 1: a stack trace helps nobody who
 * mistyped a path. {@code FW443_DEBUG=1} prints the trace for developers.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cl.getErr().println(cl.getCommandName() + ": " + message);
        if ("1".equals(System.getenv("FW443_DEBUG"))) {
            e.printStackTrace(cl.getErr());
        }
        return 1;
    }
}
