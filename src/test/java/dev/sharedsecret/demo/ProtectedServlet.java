package dev.sharedsecret.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The sample resource behind the filter: answers every method with 200
 * {@code {"message":"Access granted"}}. A response with this body proves the request got through.
 */
public final class ProtectedServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] BODY = "{\"message\":\"Access granted\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponses.write(response, BODY);
    }
}
