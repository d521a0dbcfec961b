package io.fw443.mgmt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fw443.metrics.MetricsRegistry;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request (method, request target, body size) into one {@link ApiResponse}: routing, parameter
 * validation, the backend call and JSON. No I/O and no Netty channel here, so every answer can be tested directly.
 * Client mistakes are 4xx with an {@link ApiError}; a backend that throws gives a 500.
 */
final class ManagementApi {
    static final String JSON = "application/json";
    static final int OK = 200;
    static final int BAD_REQUEST = 400;
    static final int UNAUTHORIZED = 401;
    static final int NOT_FOUND = 404;
    static final int METHOD_NOT_ALLOWED = 405;
    static final int CONFLICT = 409;
    static final int PAYLOAD_TOO_LARGE = 413;
    static final int UNPROCESSABLE = 422;
    static final int INTERNAL_ERROR = 500;
    static final int UNAVAILABLE = 503;
    /** RFC 5798 §5.2.3: VRID 1..255. */
    private static final int MAX_VRID = 255;

    private static final Logger LOG = LoggerFactory.getLogger(ManagementApi.class);

    private final ManagementBackend backend;
    private final ObjectMapper mapper = MgmtJson.mapper();

    ManagementApi(ManagementBackend backend) {
        this.backend = backend;
    }

    ApiResponse handle(String method, String uri, int bodyBytes) {
        QueryStringDecoder decoded = new QueryStringDecoder(uri);
        String path;
        Map<String, List<String>> rawParams;
        try {
            path = decoded.path();
            rawParams = decoded.parameters();
        } catch (IllegalArgumentException e) {
            return error(BAD_REQUEST, "bad request target", e.getMessage());
        }
        Route route = Route.byPath(path);
        if (route == null) {
            return error(NOT_FOUND, "not found", "no endpoint " + path);
        }
        if (!route.method.equals(method)) {
            return new ApiResponse(METHOD_NOT_ALLOWED, JSON,
                    json(new ApiError("method not allowed", path + " takes " + route.method)),
                    Map.of("Allow", route.method));
        }
        if (bodyBytes > 0) {
            return error(BAD_REQUEST, "unexpected body", path + " takes no request body");
        }
        try {
            return dispatch(route, params(route, rawParams));
        } catch (FlowQuery.InvalidParameterException e) {
            return error(BAD_REQUEST, "bad parameter", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("management request {} {} failed", method, path, e);
            return error(INTERNAL_ERROR, "internal error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private ApiResponse dispatch(Route route, Map<String, String> params) throws FlowQuery.InvalidParameterException {
        switch (route) {
            case HEALTH: {
                HealthView h = backend.health();
                return ok(h.status() == HealthView.Status.FAILED ? UNAVAILABLE : OK, h);
            }
            case CLUSTER:
                return ok(OK, backend.cluster());
            case VRRP:
                return ok(OK, backend.vrrp());
            case FLOWS:
                return ok(OK, backend.flows(FlowQuery.parse(params)));
            case STATS:
                return ok(OK, backend.stats());
            case METRICS:
                return new ApiResponse(OK, MetricsRegistry.CONTENT_TYPE,
                        backend.metricsText().getBytes(StandardCharsets.UTF_8), Map.of());
            case RELOAD: {
                ReloadResult r = backend.reload();
                return r.applied() ? ok(OK, r)
                        : error(UNPROCESSABLE, new ApiError("reload rejected", r.detail(), r.problems()));
            }
            case FAILOVER:
                return failover(params.get("group"));
            default:
                throw new IllegalStateException("unrouted " + route);
        }
    }

    private ApiResponse failover(String groupText) throws FlowQuery.InvalidParameterException {
        if (groupText == null) {
            throw new FlowQuery.InvalidParameterException("group", "required: the VRRP group id, 1.." + MAX_VRID);
        }
        if (!groupText.matches("\\d{1,3}") || Integer.parseInt(groupText) < 1
                || Integer.parseInt(groupText) > MAX_VRID) {
            throw new FlowQuery.InvalidParameterException("group", "must be a VRRP group id 1.." + MAX_VRID + ": "
                    + groupText);
        }
        FailoverResult r = backend.failover(Integer.parseInt(groupText));
        switch (r.outcome()) {
            case DONE:
                return ok(OK, r);
            case UNKNOWN_GROUP:
                return error(NOT_FOUND, "unknown group", r.detail());
            case REFUSED:
                return error(CONFLICT, "failover refused", r.detail());
            default:
                throw new IllegalStateException("unhandled " + r.outcome());
        }
    }

    /** Exactly one non-empty value per parameter, and only the route's parameters. */
    private static Map<String, String> params(Route route, Map<String, List<String>> raw)
            throws FlowQuery.InvalidParameterException {
        Map<String, String> single = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : raw.entrySet()) {
            String name = e.getKey();
            if (!route.parameters.contains(name)) {
                throw new FlowQuery.InvalidParameterException(name, route.parameters.isEmpty()
                        ? route.path + " takes no parameters"
                        : "unknown parameter; known: " + String.join(", ", route.parameters));
            }
            if (e.getValue().size() != 1) {
                throw new FlowQuery.InvalidParameterException(name, "given more than once");
            }
            if (e.getValue().get(0).isEmpty()) {
                throw new FlowQuery.InvalidParameterException(name, "empty value");
            }
            single.put(name, e.getValue().get(0));
        }
        return single;
    }

    ApiResponse error(int status, String error, String detail) {
        return error(status, new ApiError(error, detail));
    }

    private ApiResponse error(int status, ApiError error) {
        return new ApiResponse(status, JSON, json(error), Map.of());
    }

    private ApiResponse ok(int status, Object body) {
        return new ApiResponse(status, JSON, json(body), Map.of());
    }

    private byte[] json(Object body) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            byte[] line = Arrays.copyOf(bytes, bytes.length + 1);
            line[bytes.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }
}
