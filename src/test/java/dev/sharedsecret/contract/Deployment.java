package dev.sharedsecret.contract;

import jakarta.servlet.ServletContext;

/**
 * One running server hosting the context under test (the contract's three filter mappings, or the
 * hardening suite's gate), listening on 127.0.0.1. Closing it stops the server and removes its
 * temporary files.
 */
interface Deployment extends AutoCloseable {

    /** The local port actually bound (servers are started on port 0). */
    int port();

    /** The context path, {@code ""} for the root context or e.g. {@code "/app"}. */
    String contextPath();

    /** The running context's Servlet context: what the container says it is. */
    ServletContext servletContext();

    /** Stops the server; a failure to stop is reported unchecked. */
    @Override
    void close();

    /** A request target inside the context, e.g. {@code path("/protected")}. */
    default String path(String pathInContext) {
        return contextPath() + pathInContext;
    }
}
