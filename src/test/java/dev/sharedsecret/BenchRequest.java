package dev.sharedsecret;

import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A fixed request for {@link FilterBenchmark}: the secret header's values, no attributes (so that
 * the same request can be judged again and again), everything else from a {@link FakeHttpRequest}.
 */
final class BenchRequest extends HttpServletRequestWrapper {
    private final List<String> values;

    BenchRequest(List<String> values) {
        super(new FakeHttpRequest("GET", "/bench"));
        this.values = values;
    }

    /** A new enumeration per call, as containers do. */
    @Override
    public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(values);
    }

    @Override
    public String getHeader(String name) {
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Object getAttribute(String name) {
        return null;
    }

    @Override
    public void setAttribute(String name, Object value) {}
}
