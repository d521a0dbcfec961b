package io.fw443.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fw443.mgmt.ApiError;
import io.fw443.mgmt.ManagementClient;
import io.fw443.mgmt.MgmtJson;
import io.fw443.mgmt.UnreachableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --socket} and {@code --json}, mixed into every command that talks to a running node, with what those
 * commands share: the client, JSON decoding, and the exit codes (0 done, 1 the node said no, 2 unreachable).
 */
final class ManagementOptions {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_UNREACHABLE = 2;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Management socket of the node (default: $FW443_SOCKET, else /run/fw443/fw443.sock).")
    Path socket;

    @Option(names = "--json", description = "Print the node's JSON answer (pretty) instead of text.")
    boolean json;

    private final ObjectMapper mapper = MgmtJson.mapper();

    /** What a command does once it has a client; it returns the exit code. */
    @FunctionalInterface
    interface Action {
        int run(ManagementClient client) throws UnreachableException, ApiFailure;
    }

    /** Runs {@code action}, turning "cannot reach the node" into one line and exit 2, node errors into exit 1. */
    int run(Action action) {
        Path path = socket != null ? socket : ManagementClient.defaultSocket(System.getenv());
        try {
            return action.run(new ManagementClient(path, ManagementClient.DEFAULT_TIMEOUT));
        } catch (UnreachableException e) {
            err().println("fw443: " + e.getMessage());
            return EXIT_UNREACHABLE;
        } catch (ApiFailure e) {
            err().println("fw443 " + mixee.name() + ": " + e.getMessage());
            for (String problem : e.problems()) {
                err().println("  " + problem);
            }
            return EXIT_FAILURE;
        }
    }

    boolean json() {
        return json;
    }

    PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    PrintWriter err() {
        return mixee.commandLine().getErr();
    }

    /** The body of a 2xx answer as {@code type}; an error answer becomes an {@link ApiFailure}. */
    <T> T read(ManagementClient.Reply reply, Class<T> type) throws ApiFailure {
        if (!reply.ok()) {
            throw failure(reply);
        }
        return decode(reply, type);
    }

    <T> T decode(ManagementClient.Reply reply, Class<T> type) throws ApiFailure {
        try {
            return mapper.readValue(reply.body(), type);
        } catch (IOException e) {
            throw new ApiFailure("unreadable answer from the node (" + e.getClass().getSimpleName() + ")",
                    List.of());
        }
    }

    JsonNode tree(ManagementClient.Reply reply) throws ApiFailure {
        return decode(reply, JsonNode.class);
    }

    /** Prints {@code node} indented, as {@code --json} promises. */
    void printJson(JsonNode node) {
        try {
            out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
    }

    /** Exit code for a 2xx answer printed as JSON: the JSON goes to stdout, any error also to stderr. */
    int printJsonAnswer(ManagementClient.Reply reply) throws ApiFailure {
        printJson(tree(reply));
        if (!reply.ok()) {
            throw failure(reply);
        }
        return EXIT_OK;
    }

    ApiFailure failure(ManagementClient.Reply reply) {
        try {
            ApiError e = mapper.readValue(reply.body(), ApiError.class);
            String text = e.error() == null ? "HTTP " + reply.status() : e.error();
            return new ApiFailure(e.detail() == null ? text : text + ": " + e.detail(), e.problems());
        } catch (IOException notJson) {
            return new ApiFailure("HTTP " + reply.status() + " from the node", List.of());
        }
    }
}
