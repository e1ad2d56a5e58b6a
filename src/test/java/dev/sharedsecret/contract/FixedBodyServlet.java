package dev.sharedsecret.contract;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers every method with 200 and one fixed JSON body, given in code or as the init-param
 * {@value #BODY_PARAM}: the hardening suite's excluded resources, each with a body of its own so a
 * test can tell which one answered.
 */
public final class FixedBodyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String BODY_PARAM = "body";

    private byte[] body;

    /** For web.xml: the body comes from the init-param {@value #BODY_PARAM}. */
    public FixedBodyServlet() {}

    FixedBodyServlet(String body) {
        this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void init() throws ServletException {
        if (body == null) {
            String configured = getInitParameter(BODY_PARAM);
            if (configured == null) {
                throw new ServletException("init-param [" + BODY_PARAM + "] is required");
            }
            body = configured.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
