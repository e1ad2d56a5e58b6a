package dev.sharedsecret.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Liveness probe for the demo: 200 {@code {"status":"ok"}}, reachable without a secret. */
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponses.write(response, BODY);
    }
}
