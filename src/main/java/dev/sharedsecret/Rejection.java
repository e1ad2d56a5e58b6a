package dev.sharedsecret;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Why a request was stopped, and the fixed JSON answer for it. Bodies are encoded once; writing one
 * allocates nothing per request and never echoes anything the client sent.
 */
enum Rejection {
    /** No usable secret is configured (or the filter is not initialised): fail closed. */
    MISCONFIGURED(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Server configuration error", "no usable secret configured"),
    /** The header is absent, or present once with an empty value. */
    MISSING(HttpServletResponse.SC_UNAUTHORIZED, "No secret provided", "header missing or empty"),
    /** The header matches no secret, holds a character outside visible ASCII, or came more than once. */
    INVALID(HttpServletResponse.SC_UNAUTHORIZED, "Invalid secret", "header invalid");

    private static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private final int status;
    private final byte[] body;
    private final String reason;

    Rejection(int status, String message, String reason) {
        this.status = status;
        this.body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        this.reason = reason;
    }

    /** A short description for DEBUG logs; names the rule, never a value. */
    String reason() {
        return reason;
    }

    /**
     * Writes status, headers and body with {@code setStatus} (never {@code sendError}, so that no
     * container error page can replace the JSON).
     */
    void writeTo(HttpServletResponse response) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "SharedSecret");
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
