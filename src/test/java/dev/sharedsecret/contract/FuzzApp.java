package dev.sharedsecret.contract;

import dev.sharedsecret.SharedSecretFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application the HTTP fuzz targets deploy, the same on every container, registered through
 * the Servlet API: a recording filter, then the {@code SharedSecretFilter} on {@code /*} (two
 * secrets, {@code /health} and {@code /public/*} excluded, {@code stripHeader} and
 * {@code allowCorsPreflight} on), then one servlet under several kinds of mapping, so that the
 * container splits paths into servlet path and path info in every way.
 *
 * <p>The recording filter notes what the container parsed (method, servlet path, path info, every
 * value of the secret header, the preflight headers) before the {@code SharedSecretFilter} runs,
 * and what came back out of the chain; the servlet notes that it was reached and through which
 * accessors it still saw the secret header. Neither echoes anything the client sent.
 */
final class FuzzApp implements Container.App {
    static final String HEADER = SharedSecretFilter.DEFAULT_HEADER_NAME;
    static final String SECRET = "fuzz-secret-0123456789abcdef0123456789abcdef";
    static final String PREVIOUS_SECRET = "fuzz-previous-fedcba9876543210fedcba98765432";
    static final List<String> SECRETS = List.of(SECRET, PREVIOUS_SECRET);
    static final String[] EXCLUDE_PATHS = {"/health", "/public/*"};
    /** Mappings of the one servlet: default, exact, prefix, extension and the context root. */
    static final String[] SERVLET_MAPPINGS = {"/", "/health", "/public/*", "/api/*", "*.do", ""};
    /** The response header that tells which {@link FuzzExchange} a response belongs to. */
    static final String EXCHANGE_HEADER = "X-Fuzz-Exchange";
    /** What the servlet answers: nothing the client sent. */
    static final byte[] REACHED_BODY = "reached".getBytes(StandardCharsets.US_ASCII);

    private static final String ATTRIBUTE = FuzzExchange.class.getName();

    private final AtomicInteger ids = new AtomicInteger();
    /** Requests that reached the servlet without passing the recording filter (another dispatch). */
    private final AtomicInteger unrecorded = new AtomicInteger();
    /** Guarded by {@code this}: exchanges finished since the last {@link #drain}, and those under way. */
    private final List<FuzzExchange> finished = new ArrayList<>();
    private int underWay;

    /** The filter under test, configured as the class comment says. */
    static SharedSecretFilter gate() {
        return SharedSecretFilter.builder().secretEnv("FUZZ_SECRET", "FUZZ_SECRET_PREVIOUS")
                .environment(Map.of("FUZZ_SECRET", SECRET, "FUZZ_SECRET_PREVIOUS", PREVIOUS_SECRET)::get)
                .excludePaths(EXCLUDE_PATHS).stripHeader(true).allowCorsPreflight(true).build();
    }

    @Override
    public void register(ServletContext context) {
        EnumSet<DispatcherType> request = EnumSet.of(DispatcherType.REQUEST);
        context.addFilter("recorder", new Recorder()).addMappingForUrlPatterns(request, true, "/*");
        context.addFilter("gate", gate()).addMappingForUrlPatterns(request, true, "/*");
        context.addServlet("app", new App()).addMapping(SERVLET_MAPPINGS);
    }

    /**
     * The exchanges finished since the last call, in the order the container handled them, and
     * how many requests reached the servlet unrecorded meanwhile. Call it once the connection is
     * closed: it waits, at most {@code timeoutMillis}, for the exchanges still in the filter chain
     * (a response can be complete, and the connection closed, before the chain has returned).
     */
    synchronized Drained drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        for (long left = timeoutMillis; underWay > 0 && left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
            wait(left);
        }
        List<FuzzExchange> exchanges = List.copyOf(finished);
        finished.clear();
        return new Drained(exchanges, unrecorded.getAndSet(0), underWay > 0);
    }

    private synchronized void started() {
        underWay++;
    }

    private synchronized void finished(FuzzExchange exchange) {
        finished.add(exchange);
        underWay--;
        notifyAll();
    }

    /**
     * @param stillInChain whether an exchange was still in the filter chain when {@link #drain}
     *                     gave up waiting
     */
    record Drained(List<FuzzExchange> exchanges, int unrecorded, boolean stillInChain) {}

    /** In front of the filter under test: records what the container parsed and what came back. */
    private final class Recorder implements Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            FuzzExchange exchange = new FuzzExchange(ids.incrementAndGet(), request.getMethod(),
                    request.getServletPath(), request.getPathInfo(), Collections.list(request.getHeaders(HEADER)),
                    request.getHeader("Origin") != null, request.getHeader("Access-Control-Request-Method") != null);
            request.setAttribute(ATTRIBUTE, exchange);
            response.setHeader(EXCHANGE_HEADER, Integer.toString(exchange.id));
            started();
            try {
                chain.doFilter(request, response);
            } catch (Throwable t) {
                // Kept, not rethrown: the container would log it, message and all.
                StackTraceElement[] frames = t.getStackTrace();
                exchange.escaped = t.getClass().getName() + (frames.length > 0 ? " at " + frames[0] : "");
            } finally {
                exchange.status = response.getStatus();
                finished(exchange);
            }
        }
    }

    /** The application: reads the body (so that trailer fields arrive), then looks for the secret header. */
    private final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            FuzzExchange exchange = (FuzzExchange) request.getAttribute(ATTRIBUTE);
            if (exchange == null) {
                unrecorded.incrementAndGet();
            }
            try {
                request.getInputStream().readAllBytes();
            } catch (IOException | RuntimeException e) {
                // a body the container cannot deliver: the trailer fields stay unknown
            }
            if (exchange != null) {
                exchange.secretVisibleThrough = secretVisibleThrough(request);
                exchange.reached = true;
            }
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/plain");
            response.setContentLength(REACHED_BODY.length);
            response.getOutputStream().write(REACHED_BODY);
        }
    }

    /** The accessors through which {@code request} shows the secret header, in any letter case. */
    private static List<String> secretVisibleThrough(HttpServletRequest request) {
        List<String> through = new ArrayList<>();
        for (String name : List.of(HEADER, HEADER.toLowerCase(Locale.ROOT), HEADER.toUpperCase(Locale.ROOT))) {
            if (request.getHeader(name) != null) {
                through.add("getHeader(" + name + ")");
            }
            if (request.getHeaders(name).hasMoreElements()) {
                through.add("getHeaders(" + name + ")");
            }
        }
        if (Collections.list(request.getHeaderNames()).stream().anyMatch(HEADER::equalsIgnoreCase)) {
            through.add("getHeaderNames()");
        }
        try {
            if (request.isTrailerFieldsReady()
                    && request.getTrailerFields().keySet().stream().anyMatch(HEADER::equalsIgnoreCase)) {
                through.add("getTrailerFields()");
            }
        } catch (IllegalStateException e) {
            // trailer fields not available for this request
        }
        return through;
    }
}
