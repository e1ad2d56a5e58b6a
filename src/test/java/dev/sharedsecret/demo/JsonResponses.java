package dev.sharedsecret.demo;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes a fixed JSON body with status 200. */
final class JsonResponses {
    private JsonResponses() {}

    static void write(HttpServletResponse response, byte[] body) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
