package dev.sharedsecret;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The request as the application sees it once the secret was checked: the secret header is gone
 * from every header accessor, in any letter case, and from the trailer fields, so application code,
 * its logs and TRACE echoes cannot leak it. What a wrapper cannot hide: the container's own view
 * (access-log patterns such as {@code %{X-Shared-Secret}i}, debug logs) and code that unwraps the
 * request with {@link #getRequest()}.
 */
final class HeaderHidingRequest extends HttpServletRequestWrapper {
    private final String hidden;

    HeaderHidingRequest(HttpServletRequest request, String hidden) {
        super(request);
        this.hidden = hidden;
    }

    private boolean isHidden(String name) {
        return hidden.equalsIgnoreCase(name);
    }

    @Override
    public String getHeader(String name) {
        return isHidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return isHidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Enumeration<String> names = super.getHeaderNames();
        if (names == null) {
            return null;
        }
        List<String> visible = Collections.list(names);
        visible.removeIf(this::isHidden);
        return Collections.enumeration(visible);
    }

    @Override
    public int getIntHeader(String name) {
        return isHidden(name) ? -1 : super.getIntHeader(name);
    }

    @Override
    public long getDateHeader(String name) {
        return isHidden(name) ? -1 : super.getDateHeader(name);
    }

    @Override
    public Map<String, String> getTrailerFields() {
        Map<String, String> trailers = new HashMap<>(super.getTrailerFields());
        trailers.keySet().removeIf(this::isHidden);
        return trailers;
    }
}
