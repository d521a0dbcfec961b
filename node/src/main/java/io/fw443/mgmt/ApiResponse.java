package io.fw443.mgmt;

import java.util.Map;

/** An answer, independent of Netty: status, body and any extra headers ({@code Allow}, {@code WWW-Authenticate}). */
record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    ApiResponse {
        headers = Map.copyOf(headers);
    }
}
