package io.fw443.mgmt;

import java.io.IOException;
import java.nio.file.Path;

/** The node could not be asked at all: no socket, no permission, nobody listening, no answer in time. */
public final class UnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why; each has its own one-line message for the operator. */
    public enum Reason {
        NO_SOCKET,
        NOT_A_SOCKET,
        PERMISSION_DENIED,
        NOT_LISTENING,
        TIMEOUT,
        BAD_RESPONSE,
        IO_ERROR
    }

    private final Reason reason;

    UnreachableException(Reason reason, Path socket, String detail) {
        super(message(reason, socket, detail), null);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    private static String message(Reason reason, Path socket, String detail) {
        switch (reason) {
            case NO_SOCKET:
                return "node not running (no socket at " + socket + ")";
            case NOT_A_SOCKET:
                return "cannot open " + socket + ": not a socket";
            case PERMISSION_DENIED:
                return "cannot open " + socket + ": permission denied (run as root or as the node's user)";
            case NOT_LISTENING:
                return "node not running (nothing listens on " + socket + ")";
            case TIMEOUT:
                return "node at " + socket + " did not answer within " + detail;
            case BAD_RESPONSE:
                return "bad response from node at " + socket + ": " + detail;
            default:
                return "cannot talk to node at " + socket + ": " + detail;
        }
    }
}
