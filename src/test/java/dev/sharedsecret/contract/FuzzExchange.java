package dev.sharedsecret.contract;

import java.util.List;

/**
 * One request of a fuzz input as the container handed it to the application ({@link FuzzApp}):
 * what a filter in front of the {@code SharedSecretFilter} saw, and whether and how the
 * application behind it was reached. Filled on a container thread; the fuzz target reads it only
 * after {@link FuzzApp#drain()}, which publishes it.
 */
final class FuzzExchange {
    /** Sent back in the response header {@value FuzzApp#EXCHANGE_HEADER}. */
    final int id;
    final String method;
    final String servletPath;
    final String pathInfo;
    /** Every value of the secret header, as the container parsed them, in order. */
    final List<String> secretValues;
    final boolean origin;
    final boolean accessControlRequestMethod;

    /** Set by the application when the request reached it. */
    boolean reached;
    /** The request accessors through which the application still saw the secret header. */
    List<String> secretVisibleThrough = List.of();
    /** The class and first frame of what came out of the filter chain, or {@code null}. */
    String escaped;
    /** The status the response had when the chain returned. */
    int status;

    FuzzExchange(int id, String method, String servletPath, String pathInfo, List<String> secretValues, boolean origin,
            boolean accessControlRequestMethod) {
        this.id = id;
        this.method = method;
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
        this.secretValues = List.copyOf(secretValues);
        this.origin = origin;
        this.accessControlRequestMethod = accessControlRequestMethod;
    }
}
