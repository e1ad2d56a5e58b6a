package dev.sharedsecret;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits only requests that carry the shared secret an API gateway forwards, so that nobody can
 * reach the origin around the gateway.
 *
 * <p>Every request is checked in this order:
 * <ol>
 * <li>its path is excluded, or it is an allowed CORS preflight: it goes on without a secret;</li>
 * <li>no usable secret is configured: 500 {@code {"error":"Server configuration error"}};</li>
 * <li>the header is missing, or present once and empty: 401 {@code {"error":"No secret provided"}};</li>
 * <li>the header does not equal a configured secret, holds a character outside visible ASCII, or
 * was sent more than once: 401 {@code {"error":"Invalid secret"}};</li>
 * <li>otherwise the request goes on down the chain, with the request attribute
 * {@value #SOURCE_ATTRIBUTE} naming where the matching secret came from.</li>
 * </ol>
 * Rejections are JSON ({@code application/json;charset=UTF-8}) with {@code Cache-Control: no-store},
 * and 401s carry {@code WWW-Authenticate: SharedSecret}. They are written with {@code setStatus},
 * never {@code sendError}, so no container error page replaces them; the chain is not called.
 *
 * <p>Init-params (the {@link #builder()} has a method for each):
 * <dl>
 * <dt>{@value #PARAM_HEADER_NAME}</dt>
 * <dd>The header that carries the secret, matched case-insensitively. The default is
 * {@value #DEFAULT_HEADER_NAME}.</dd>
 * <dt>{@value #PARAM_SECRET_ENV}</dt>
 * <dd>Comma-separated names of environment variables, each holding one accepted secret. Unset or
 * empty variables are skipped. The default is {@value #DEFAULT_SECRET_ENV}, used only when
 * {@value #PARAM_SECRET_FILE} is not given either.</dd>
 * <dt>{@value #PARAM_SECRET_FILE}</dt>
 * <dd>Comma-separated absolute paths of files, each holding one accepted secret, checked every
 * second and reloaded when they change (Kubernetes secret volumes, Docker secrets, Vault Agent).
 * The default is none.</dd>
 * <dt>{@value #PARAM_EXCLUDE_PATHS}</dt>
 * <dd>Comma-separated paths that need no secret: exact ({@code /health}) or prefixes
 * ({@code /public/*} matches {@code /public} and {@code /public/x}, not {@code /publicity}),
 * matched case-sensitively on the container's normalised path inside the application. The default
 * is none.</dd>
 * <dt>{@value #PARAM_STRIP_HEADER}</dt>
 * <dd>{@code true} to hide the secret header from the application after the check. The default is
 * {@value #DEFAULT_STRIP_HEADER}.</dd>
 * <dt>{@value #PARAM_ALLOW_CORS_PREFLIGHT}</dt>
 * <dd>{@code true} to pass {@code OPTIONS} requests that carry {@code Origin} and
 * {@code Access-Control-Request-Method} without a secret. The default is
 * {@value #DEFAULT_ALLOW_CORS_PREFLIGHT}.</dd>
 * <dt>{@value #PARAM_FAIL_ON_MISSING_SECRET}</dt>
 * <dd>{@code true} to fail deployment when no usable secret is found at {@code init}, instead of
 * answering 500. The default is {@value #DEFAULT_FAIL_ON_MISSING_SECRET}.</dd>
 * </dl>
 * Any other init-param, or a malformed value, fails deployment with a {@link ServletException}
 * that names the parameter and the rule.
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>sharedSecret</filter-name>
 *   <filter-class>dev.sharedsecret.SharedSecretFilter</filter-class>
 *   <init-param>
 *     <param-name>secretEnv</param-name>
 *     <param-value>SHARED_SECRET,SHARED_SECRET_PREVIOUS</param-value>
 *   </init-param>
 *   <init-param>
 *     <param-name>excludePaths</param-name>
 *     <param-value>/health</param-value>
 *   </init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>sharedSecret</filter-name>
 *   <url-pattern>/*</url-pattern>
 * </filter-mapping>
 * }</pre>
 *
 * <p>Counters are published as the JMX MXBean
 * {@code dev.sharedsecret:type=SharedSecretFilter,name=<filter name>} (see
 * {@link SharedSecretFilterMXBean}); rejections are logged at DEBUG, and at most once a minute as a
 * WARN summary of counts.
 *
 * <p>Security: a secret is usable only if, after surrounding whitespace is trimmed, it has at least
 * 32 characters of visible ASCII; an unusable one is logged at ERROR by name and rule, never by
 * value. The received value is compared with every secret in constant time, so timing reveals
 * neither a secret, nor its length, nor which secret matched. No secret and no received value is
 * ever logged, echoed or shown by {@code toString()}. Requests before {@code init} or after
 * {@code destroy} are answered 500.
 *
 * <p>This class is thread-safe.
 */
public final class SharedSecretFilter implements Filter {
    /** Init-param naming the header that carries the secret. */
    public static final String PARAM_HEADER_NAME = "headerName";
    /** The default of {@value #PARAM_HEADER_NAME}. */
    public static final String DEFAULT_HEADER_NAME = "X-Shared-Secret";
    /** Init-param listing, comma-separated, the environment variables that hold accepted secrets. */
    public static final String PARAM_SECRET_ENV = "secretEnv";
    /** The default of {@value #PARAM_SECRET_ENV}, used when neither it nor {@value #PARAM_SECRET_FILE} is given. */
    public static final String DEFAULT_SECRET_ENV = "SHARED_SECRET";
    /** Init-param listing, comma-separated, absolute paths of files that hold accepted secrets. */
    public static final String PARAM_SECRET_FILE = "secretFile";
    /** Init-param listing, comma-separated, the paths that need no secret. */
    public static final String PARAM_EXCLUDE_PATHS = "excludePaths";
    /** Init-param: {@code true} hides the secret header from the application after the check. */
    public static final String PARAM_STRIP_HEADER = "stripHeader";
    /** The default of {@value #PARAM_STRIP_HEADER}. */
    public static final boolean DEFAULT_STRIP_HEADER = true;
    /** Init-param: {@code true} passes CORS preflight requests without a secret. */
    public static final String PARAM_ALLOW_CORS_PREFLIGHT = "allowCorsPreflight";
    /** The default of {@value #PARAM_ALLOW_CORS_PREFLIGHT}. */
    public static final boolean DEFAULT_ALLOW_CORS_PREFLIGHT = false;
    /** Init-param: {@code true} fails deployment when no usable secret is found at {@code init}. */
    public static final String PARAM_FAIL_ON_MISSING_SECRET = "failOnMissingSecret";
    /** The default of {@value #PARAM_FAIL_ON_MISSING_SECRET}. */
    public static final boolean DEFAULT_FAIL_ON_MISSING_SECRET = false;
    /**
     * The request attribute set on every request that passed with a secret: a {@code String}
     * naming where the matching secret came from, such as {@code env:SHARED_SECRET_PREVIOUS} or
     * {@code file:/run/secrets/origin}.
     */
    public static final String SOURCE_ATTRIBUTE = "dev.sharedsecret.source";

    private static final Logger LOG = LoggerFactory.getLogger(SharedSecretFilter.class);
    private static final AtomicLong INSTANCES = new AtomicLong();

    /** Set when built in code; {@code null} when configured by init-params. */
    private final Settings builtSettings;
    /** Where init-param configuration looks up variables; unused when built in code. */
    private final UnaryOperator<String> environment;
    /**
     * The request attribute that marks a request this instance let through, so that it passes
     * straight on when the filter meets it again: overlapping mappings (Jetty runs a filter once
     * per matching mapping) or FORWARD and ERROR dispatches, where the header is already hidden.
     * Request attributes are set only by server-side code, never by a client.
     */
    private final String passedAttribute = SharedSecretFilter.class.getName() + ".passed." + INSTANCES.incrementAndGet();
    /** {@code null} before {@code init} and after {@code destroy}: every request is answered 500. */
    private volatile State state;
    /** Held by {@code init} and {@code destroy}, so that one state at a time is built or taken down. */
    private final Object lifecycle = new Object();

    /** Everything {@code init} built; immutable but for the secrets the store swaps in. */
    private static final class State {
        final Settings settings;
        final SecretStore store;
        final FilterMetrics metrics;

        State(Settings settings, SecretStore store, FilterMetrics metrics) {
            this.settings = settings;
            this.store = store;
            this.metrics = metrics;
        }
    }

    /**
     * Creates a filter configured by its init-params, for {@code web.xml} and other declarative
     * registration. Secrets are read from the process environment and the files named.
     */
    public SharedSecretFilter() {
        this(null, System::getenv);
    }

    SharedSecretFilter(UnaryOperator<String> environment) {
        this(null, environment);
    }

    private SharedSecretFilter(Settings builtSettings, UnaryOperator<String> environment) {
        this.builtSettings = builtSettings;
        this.environment = environment;
    }

    /**
     * Starts configuring a filter in code. The result takes no init-params.
     *
     * @return a builder with every setting at its default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates the configuration, loads the secrets, starts watching secret files and registers
     * the JMX counters. An instance serves one registration at a time: {@code init} again after
     * {@link #destroy()} starts afresh (a context restarting), but a second {@code init} without
     * {@code destroy} (one instance given to two registrations) is refused, so that nothing the
     * first one started outlives its {@code destroy}.
     *
     * @throws ServletException if an init-param is unknown or malformed, if init-params are given
     *     to a filter made by {@link #builder()}, if no usable secret is found and
     *     {@value #PARAM_FAIL_ON_MISSING_SECRET} is {@code true}, or if this instance is already
     *     initialised
     */
    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        synchronized (lifecycle) {
            if (state != null) {
                throw new ServletException("SharedSecretFilter [" + filterConfig.getFilterName() + "] is refused: this"
                        + " instance already serves filter [" + state.metrics.filterName() + "] and was not destroyed; an"
                        + " instance serves one registration at a time, so build one per registration with"
                        + " SharedSecretFilter.builder()");
            }
            state = start(filterConfig);
        }
    }

    private State start(FilterConfig filterConfig) throws ServletException {
        Settings settings;
        try {
            settings = builtSettings != null ? builtSettings : Settings.fromInitParams(filterConfig, environment);
        } catch (IllegalArgumentException e) {
            throw new ServletException(e.getMessage());
        }
        if (builtSettings != null && filterConfig.getInitParameterNames().hasMoreElements()) {
            throw new ServletException("Init parameters " + Collections.list(filterConfig.getInitParameterNames())
                    + " are not allowed on a filter made by SharedSecretFilter.builder(); configure it there");
        }
        String name = filterConfig.getFilterName();
        SecretStore store = new SecretStore(settings);
        Secrets loaded = store.current();
        if (loaded.isEmpty()) {
            String problem = "No usable secret in " + settings.describeSources() + ": " + Secrets.RULE;
            if (settings.failOnMissingSecret) {
                throw new ServletException(problem + "; failing deployment because [" + PARAM_FAIL_ON_MISSING_SECRET
                        + "] is [true]");
            }
            LOG.error("{}; until one is set, every request is answered 500", problem);
        }
        FilterMetrics metrics = new FilterMetrics(name, settings.sources(), settings.nanoClock);
        metrics.register();
        try {
            store.start(name);
        } catch (RuntimeException | Error e) {
            metrics.unregister();
            throw e;
        }
        LOG.info("SharedSecretFilter [{}] checks header [{}] against {} usable secret(s) from {}{}{}", name,
                settings.headerName, loaded.size(), settings.describeSources(),
                settings.exclusions == PathExclusions.NONE ? "" : "; paths excluded: " + settings.exclusions,
                settings.allowCorsPreflight ? "; CORS preflight requests pass" : "");
        return new State(settings, store, metrics);
    }

    /**
     * Passes the request on if its path is excluded, if it is an allowed CORS preflight, or if it
     * carries exactly one header value equal to a configured secret; otherwise answers it with the
     * JSON rejection and does not call {@code chain}. A request this filter already let through
     * (overlapping mappings, FORWARD or ERROR dispatches) passes on unchecked and uncounted.
     *
     * @throws ServletException if the request is not an HTTP request
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
            throw new ServletException("SharedSecretFilter accepts only HTTP requests");
        }
        HttpServletRequest httpRequest = (HttpServletRequest) request;
        if (request.getAttribute(passedAttribute) != null) {
            chain.doFilter(request, response);
            return;
        }
        State current = state;
        Rejection rejection = current == null ? Rejection.MISCONFIGURED : admit(httpRequest, current);
        if (rejection == null) {
            request.setAttribute(passedAttribute, Boolean.TRUE);
            Settings settings = current.settings;
            chain.doFilter(settings.stripHeader ? new HeaderHidingRequest(httpRequest, settings.headerName) : request,
                    response);
            return;
        }
        if (current != null) {
            current.metrics.rejected(rejection);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Rejected {} {}: {}", httpRequest.getMethod(), httpRequest.getRequestURI(), rejection.reason());
        }
        rejection.writeTo((HttpServletResponse) response);
    }

    /**
     * Decides on the request. If it may pass with a secret, records the secret's source in the
     * request attribute and the counters.
     *
     * @return why the request must be stopped, or {@code null} if it may pass
     */
    private static Rejection admit(HttpServletRequest request, State state) {
        Settings settings = state.settings;
        if (settings.exclusions.excludes(request) || (settings.allowCorsPreflight && isCorsPreflight(request))) {
            return null;
        }
        Secrets secrets = state.store.current();
        if (secrets.isEmpty()) {
            return Rejection.MISCONFIGURED;
        }
        Enumeration<String> values = request.getHeaders(settings.headerName);
        if (values == null || !values.hasMoreElements()) {
            return Rejection.MISSING;
        }
        String value = values.nextElement();
        if (values.hasMoreElements()) {
            return Rejection.INVALID;
        }
        if (value == null || value.isEmpty()) {
            return Rejection.MISSING;
        }
        int match = secrets.indexOf(value);
        if (match < 0) {
            return Rejection.INVALID;
        }
        String source = secrets.source(match);
        request.setAttribute(SOURCE_ATTRIBUTE, source);
        state.metrics.accepted(source);
        return null;
    }

    private static boolean isCorsPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /**
     * Stops watching files and unregisters the counters; from now on every request is answered 500.
     * Returns once the reload thread has ended, so that a container stopping the application finds
     * nothing of this filter's left running or registered; if a file read under way hangs (a dead
     * network mount), it waits at most 10 seconds, logs one WARN line, and the thread ends when that
     * read returns.
     */
    @Override
    public void destroy() {
        synchronized (lifecycle) {
            State current = state;
            state = null;
            if (current != null) {
                current.store.close();
                current.metrics.unregister();
            }
        }
    }

    /** Shows the header name and how many secrets are loaded, never a secret. */
    @Override
    public String toString() {
        State current = state;
        return current == null ? "SharedSecretFilter[not initialised]"
                : "SharedSecretFilter[headerName=" + current.settings.headerName + ", secrets="
                        + current.store.current().size() + "]";
    }

    /** The counters, for tests in this package. */
    FilterMetrics metrics() {
        State current = state;
        return current == null ? null : current.metrics;
    }

    /**
     * Configures a {@link SharedSecretFilter} in code, with the same rules as the init-params. Each
     * setter validates its argument and throws {@link IllegalArgumentException} naming the setting
     * and the rule. Not thread-safe; the filter it builds is.
     */
    public static final class Builder {
        private static final String PREFIX = "Builder setting ";

        private String headerName = DEFAULT_HEADER_NAME;
        private List<String> secretEnv;
        private List<Path> secretFiles = List.of();
        private PathExclusions exclusions = PathExclusions.NONE;
        private boolean stripHeader = DEFAULT_STRIP_HEADER;
        private boolean allowCorsPreflight = DEFAULT_ALLOW_CORS_PREFLIGHT;
        private boolean failOnMissingSecret = DEFAULT_FAIL_ON_MISSING_SECRET;
        private UnaryOperator<String> environment = System::getenv;
        private Duration reloadInterval = Settings.RELOAD_INTERVAL;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {}

        /**
         * Sets the header that carries the secret, matched case-insensitively. The default is
         * {@value SharedSecretFilter#DEFAULT_HEADER_NAME}.
         *
         * @param name an HTTP header name
         * @return this builder
         */
        public Builder headerName(String name) {
            headerName = Settings.headerName(PREFIX, Objects.requireNonNull(name, "name"));
            return this;
        }

        /**
         * Sets the environment variables that hold accepted secrets, one secret each; give two to
         * rotate without downtime. The default is {@value SharedSecretFilter#DEFAULT_SECRET_ENV},
         * used only if {@link #secretFile} is not called either.
         *
         * @param variableNames one or more variable names
         * @return this builder
         */
        public Builder secretEnv(String... variableNames) {
            secretEnv = Settings.secretEnv(PREFIX, Objects.requireNonNull(variableNames, "variableNames").clone());
            return this;
        }

        /**
         * Sets the files that hold accepted secrets, one secret each, reloaded within seconds when
         * they change. The default is none.
         *
         * @param paths one or more absolute paths
         * @return this builder
         */
        public Builder secretFile(Path... paths) {
            secretFiles = Settings.secretFiles(PREFIX, Objects.requireNonNull(paths, "paths").clone());
            return this;
        }

        /**
         * Sets the paths that need no secret: exact ({@code /health}) or prefixes ending in
         * {@code /*}. The default is none.
         *
         * @param patterns one or more patterns, each starting with {@code /}
         * @return this builder
         */
        public Builder excludePaths(String... patterns) {
            exclusions = PathExclusions.of(PREFIX, Objects.requireNonNull(patterns, "patterns").clone());
            return this;
        }

        /**
         * Sets whether the application is kept from seeing the secret header after the check. The
         * default is {@value SharedSecretFilter#DEFAULT_STRIP_HEADER}.
         *
         * @param strip {@code true} to hide the header
         * @return this builder
         */
        public Builder stripHeader(boolean strip) {
            stripHeader = strip;
            return this;
        }

        /**
         * Sets whether CORS preflight requests ({@code OPTIONS} with {@code Origin} and
         * {@code Access-Control-Request-Method}) pass without a secret. The default is
         * {@value SharedSecretFilter#DEFAULT_ALLOW_CORS_PREFLIGHT}.
         *
         * @param allow {@code true} to let preflights pass
         * @return this builder
         */
        public Builder allowCorsPreflight(boolean allow) {
            allowCorsPreflight = allow;
            return this;
        }

        /**
         * Sets whether {@code init} fails when no usable secret is found, instead of the filter
         * answering 500. The default is {@value SharedSecretFilter#DEFAULT_FAIL_ON_MISSING_SECRET}.
         *
         * @param fail {@code true} to fail deployment
         * @return this builder
         */
        public Builder failOnMissingSecret(boolean fail) {
            failOnMissingSecret = fail;
            return this;
        }

        /**
         * Sets where the variables named by {@link #secretEnv} are looked up, for instance
         * {@code springEnvironment::getProperty} or a map's {@code get}. It is called at
         * {@code init} only. The default is {@code System::getenv}.
         *
         * @param lookup returns a variable's value, or {@code null} if it is unset
         * @return this builder
         */
        public Builder environment(UnaryOperator<String> lookup) {
            environment = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /** For tests: how often secret files are checked. */
        Builder reloadInterval(Duration interval) {
            reloadInterval = interval;
            return this;
        }

        /** For tests: the clock of the rejection summary. */
        Builder nanoClock(LongSupplier clock) {
            nanoClock = clock;
            return this;
        }

        /**
         * Creates the filter. Its secrets are loaded when the container calls {@code init}.
         *
         * @return a new filter with this builder's settings
         */
        public SharedSecretFilter build() {
            List<String> env = secretEnv != null ? secretEnv
                    : secretFiles.isEmpty() ? List.of(DEFAULT_SECRET_ENV) : List.of();
            return new SharedSecretFilter(new Settings(headerName, env, secretFiles, exclusions, stripHeader,
                    allowCorsPreflight, failOnMissingSecret, environment, reloadInterval, nanoClock), null);
        }
    }
}
