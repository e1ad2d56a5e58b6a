package dev.sharedsecret;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link FilterConfig} whose init-params are set fluently by the test. */
final class FakeFilterConfig implements FilterConfig {
    private final String filterName;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final FakeServletContext servletContext = new FakeServletContext();

    FakeFilterConfig(String filterName) {
        this.filterName = filterName;
    }

    FakeFilterConfig param(String name, String value) {
        params.put(name, value);
        return this;
    }

    @Override
    public String getFilterName() {
        return filterName;
    }

    @Override
    public ServletContext getServletContext() {
        return servletContext;
    }

    @Override
    public String getInitParameter(String name) {
        return params.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
    }
}
