package dev.sharedsecret.contract;

import dev.sharedsecret.SharedSecretFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The protected resource of the hardening suite. It answers every method with 200 and a flat JSON
 * object telling what the application can see of the request: the source attribute the filter set,
 * for the secret header in several letter cases whether any header accessor still shows it, and the
 * length of the body, which it reads in full before it answers.
 * It reports names and yes/no answers, never the value of the secret header. Read the answer with
 * {@link ProbeReport}.
 */
public final class ProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The first member of every answer: a body containing it came from this servlet. */
    static final String MARKER = "\"probe\":\"reached\"";
    /** The spellings of the secret header the probe asks every accessor about. */
    static final List<String> SECRET_HEADER_SPELLINGS = List.of(SharedSecretFilter.DEFAULT_HEADER_NAME,
            "x-shared-secret", "X-SHARED-SECRET", "x-ShArEd-SeCrEt");
    /** A header that is not secret: its value is reported, to show other headers stay visible. */
    static final String PLAIN_HEADER = "X-Probe-Echo";
    /** A trailer field that is not secret: its value is reported, to show trailers are delivered. */
    static final String PLAIN_TRAILER = "X-Probe-Trailer";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // trailer fields are ready only once the body is read
        long bodyLength = request.getInputStream().readAllBytes().length;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("probe", "reached");
        report.put("method", request.getMethod());
        report.put("servletPath", request.getServletPath());
        report.put("pathInfo", request.getPathInfo());
        report.put("source", request.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE));
        for (String name : SECRET_HEADER_SPELLINGS) {
            report.put("getHeader:" + name, request.getHeader(name) != null);
            Enumeration<String> values = request.getHeaders(name);
            report.put("getHeaders:" + name, values != null && values.hasMoreElements());
            report.put("getIntHeader:" + name, intHeader(request, name));
            report.put("getDateHeader:" + name, dateHeader(request, name));
        }
        List<String> names = Collections.list(request.getHeaderNames());
        report.put("getHeaderNames", lowerCaseSorted(names));
        report.put("getHeaderNames:secret", containsSecretName(names));
        report.put("header:" + PLAIN_HEADER, request.getHeader(PLAIN_HEADER));
        try {
            Map<String, String> trailers = request.getTrailerFields();
            report.put("getTrailerFields", lowerCaseSorted(trailers.keySet()));
            report.put("getTrailerFields:secret", containsSecretName(trailers.keySet()));
            report.put("trailer:" + PLAIN_TRAILER, trailerValue(trailers, PLAIN_TRAILER));
        } catch (IllegalStateException e) {
            report.put("getTrailerFields", "not ready");
        }
        report.put("bodyLength", bodyLength);
        byte[] body = toJson(report).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The accessor's answer, or the name of what it threw: a visible secret is no number. */
    private static Object intHeader(HttpServletRequest request, String name) {
        try {
            return request.getIntHeader(name);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    /** The accessor's answer, or the name of what it threw: a visible secret is no date. */
    private static Object dateHeader(HttpServletRequest request, String name) {
        try {
            return request.getDateHeader(name);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    private static boolean containsSecretName(Iterable<String> names) {
        for (String name : names) {
            if (SharedSecretFilter.DEFAULT_HEADER_NAME.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static String lowerCaseSorted(Iterable<String> names) {
        TreeSet<String> sorted = new TreeSet<>();
        names.forEach(name -> sorted.add(name.toLowerCase(Locale.ROOT)));
        return String.join(",", sorted);
    }

    /** Containers key trailer fields in lower case (the Servlet spec says so); look it up in any case. */
    private static String trailerValue(Map<String, String> trailers, String name) {
        for (Map.Entry<String, String> trailer : trailers.entrySet()) {
            if (trailer.getKey().equalsIgnoreCase(name)) {
                return trailer.getValue();
            }
        }
        return null;
    }

    /** A flat JSON object of strings, booleans, numbers and nulls. */
    private static String toJson(Map<String, Object> members) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Object> member : members.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            appendString(json, member.getKey());
            json.append(':');
            Object value = member.getValue();
            if (value == null || value instanceof Boolean || value instanceof Number) {
                json.append(value);
            } else {
                appendString(json, value.toString());
            }
        }
        return json.append('}').toString();
    }

    private static void appendString(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
