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
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits only requests that carry the shared secret an API gateway forwards, so that nobody can
 * reach the origin around the gateway.
 *
 * <p>Every request is checked in this order:
 * <ol>
 * <li>no usable secret is configured: 500 {@code {"error":"Server configuration error"}};</li>
 * <li>the header is missing, or present once and empty: 401 {@code {"error":"No secret provided"}};</li>
 * <li>the header does not equal a configured secret, holds a character outside visible ASCII, or
 * was sent more than once: 401 {@code {"error":"Invalid secret"}};</li>
 * <li>otherwise the request goes on down the chain.</li>
 * </ol>
 * Rejections are JSON ({@code application/json;charset=UTF-8}) with {@code Cache-Control: no-store},
 * and 401s carry {@code WWW-Authenticate: SharedSecret}. They are written with {@code setStatus},
 * never {@code sendError}, so no container error page replaces them; the chain is not called.
 *
 * <p>Init-params:
 * <dl>
 * <dt>{@value #PARAM_HEADER_NAME}</dt>
 * <dd>The header that carries the secret, matched case-insensitively. The default is
 * {@value #DEFAULT_HEADER_NAME}.</dd>
 * <dt>{@value #PARAM_SECRET_ENV}</dt>
 * <dd>Comma-separated names of environment variables, each holding one accepted secret; list two
 * to rotate without downtime. Unset or empty variables are skipped. The default is
 * {@value #DEFAULT_SECRET_ENV}.</dd>
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
 * </filter>
 * <filter-mapping>
 *   <filter-name>sharedSecret</filter-name>
 *   <url-pattern>/*</url-pattern>
 * </filter-mapping>
 * }</pre>
 * In code (embedded Jetty, Spring Boot's {@code FilterRegistrationBean}) use {@link #builder()}.
 *
 * <p>Security: secrets are read once, at {@link #init}. A secret is usable only if, after
 * surrounding whitespace is trimmed, it has at least 32 characters of visible ASCII; a set but
 * unusable variable is logged at ERROR by name and rule, never by value. The received value is
 * compared with every secret in constant time, so timing reveals neither a secret, nor its length,
 * nor which secret matched. No secret and no received value is ever logged, echoed or shown by
 * {@code toString()}. Requests before {@code init} or after {@code destroy} are answered 500.
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
    /** The default of {@value #PARAM_SECRET_ENV}. */
    public static final String DEFAULT_SECRET_ENV = "SHARED_SECRET";

    private static final Logger LOG = LoggerFactory.getLogger(SharedSecretFilter.class);

    /** Set when built in code; {@code null} when configured by init-params. */
    private final Settings builtSettings;
    /** Where init-param configuration looks up variables; unused when built in code. */
    private final UnaryOperator<String> environment;

    private volatile String headerName = DEFAULT_HEADER_NAME;
    /** {@code null} before {@code init} and after {@code destroy}: every request is answered 500. */
    private volatile Secrets secrets;

    /**
     * Creates a filter configured by its init-params, for {@code web.xml} and other declarative
     * registration. Secrets are read from the process environment.
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
     * Validates the configuration and loads the secrets.
     *
     * @throws ServletException if an init-param is unknown or malformed, or if init-params are given
     *     to a filter made by {@link #builder()}
     */
    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
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
        Secrets loaded = Secrets.load(settings);
        headerName = settings.headerName();
        secrets = loaded;
        LOG.info("SharedSecretFilter [{}] checks header [{}] against {} usable secret(s) from environment variables {}",
                filterConfig.getFilterName(), settings.headerName(), loaded.size(), settings.secretEnv());
    }

    /**
     * Passes the request on if it carries exactly one header value equal to a configured secret;
     * otherwise answers it with the JSON rejection and does not call {@code chain}.
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
        Rejection rejection = check(httpRequest);
        if (rejection == null) {
            chain.doFilter(request, response);
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Rejected {} {}: {}", httpRequest.getMethod(), httpRequest.getRequestURI(), rejection.reason());
        }
        rejection.writeTo((HttpServletResponse) response);
    }

    /** Returns why the request must be stopped, or {@code null} if it may pass. */
    private Rejection check(HttpServletRequest request) {
        Secrets current = secrets;
        if (current == null || current.isEmpty()) {
            return Rejection.MISCONFIGURED;
        }
        Enumeration<String> values = request.getHeaders(headerName);
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
        return current.matches(value) ? null : Rejection.INVALID;
    }

    /** Forgets the secrets; from now on every request is answered 500. */
    @Override
    public void destroy() {
        secrets = null;
    }

    /** Shows the header name and how many secrets are loaded, never a secret. */
    @Override
    public String toString() {
        Secrets current = secrets;
        return "SharedSecretFilter[headerName=" + headerName + ", secrets=" + (current == null ? 0 : current.size()) + "]";
    }

    /**
     * Configures a {@link SharedSecretFilter} in code, with the same rules as the init-params. Each
     * setter validates its argument and throws {@link IllegalArgumentException} naming the setting
     * and the rule. Not thread-safe; the filter it builds is.
     */
    public static final class Builder {
        private static final String PREFIX = "Builder setting ";

        private String headerName = DEFAULT_HEADER_NAME;
        private List<String> secretEnv = List.of(DEFAULT_SECRET_ENV);
        private UnaryOperator<String> environment = System::getenv;

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
         * rotate without downtime. The default is {@value SharedSecretFilter#DEFAULT_SECRET_ENV}.
         *
         * @param variableNames one or more variable names
         * @return this builder
         */
        public Builder secretEnv(String... variableNames) {
            secretEnv = Settings.secretEnv(PREFIX, Objects.requireNonNull(variableNames, "variableNames").clone());
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

        /**
         * Creates the filter. Its secrets are loaded when the container calls {@code init}.
         *
         * @return a new filter with this builder's settings
         */
        public SharedSecretFilter build() {
            return new SharedSecretFilter(new Settings(headerName, secretEnv, environment), null);
        }
    }
}
