package dev.sharedsecret;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/** A {@link FilterChain} that records its calls and optionally delegates to a behaviour. */
final class FakeFilterChain implements FilterChain {
    private final FilterChain behaviour;
    private int calls;
    private ServletRequest request;
    private ServletResponse response;

    FakeFilterChain() {
        this((req, res) -> { });
    }

    FakeFilterChain(FilterChain behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
        calls++;
        this.request = request;
        this.response = response;
        behaviour.doFilter(request, response);
    }

    int calls() {
        return calls;
    }

    boolean called() {
        return calls > 0;
    }

    ServletRequest request() {
        return request;
    }

    ServletResponse response() {
        return response;
    }
}
