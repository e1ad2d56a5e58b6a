package dev.sharedsecret;

import jakarta.servlet.FilterConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The filter's configuration, validated once and then frozen. Built from init-params by
 * {@link #fromInitParams} or from {@link SharedSecretFilter.Builder}; both apply the same rules and
 * produce the same messages, which name the setting and the rule and show values in brackets. No
 * setting holds a secret, so echoing a setting's value is safe.
 */
final class Settings {
    /** The init-params this filter understands; any other fails deployment. */
    static final List<String> PARAMS = List.of(SharedSecretFilter.PARAM_HEADER_NAME, SharedSecretFilter.PARAM_SECRET_ENV);

    /** The symbols RFC 9110 allows in a token (a header name) besides letters and digits. */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private final String headerName;
    private final List<String> secretEnv;
    private final UnaryOperator<String> environment;

    Settings(String headerName, List<String> secretEnv, UnaryOperator<String> environment) {
        this.headerName = headerName;
        this.secretEnv = List.copyOf(secretEnv);
        this.environment = environment;
    }

    static Settings defaults(UnaryOperator<String> environment) {
        return new Settings(SharedSecretFilter.DEFAULT_HEADER_NAME, List.of(SharedSecretFilter.DEFAULT_SECRET_ENV), environment);
    }

    /**
     * Reads and validates the init-params of {@code config}.
     *
     * @throws IllegalArgumentException naming the first parameter that breaks a rule
     */
    static Settings fromInitParams(FilterConfig config, UnaryOperator<String> environment) {
        for (String name : Collections.list(config.getInitParameterNames())) {
            if (!PARAMS.contains(name)) {
                throw new IllegalArgumentException("Unknown init parameter [" + name + "]; the known parameters are " + PARAMS);
            }
        }
        String prefix = "Init parameter ";
        String header = config.getInitParameter(SharedSecretFilter.PARAM_HEADER_NAME);
        String env = config.getInitParameter(SharedSecretFilter.PARAM_SECRET_ENV);
        return new Settings(
                header == null ? SharedSecretFilter.DEFAULT_HEADER_NAME : headerName(prefix, header),
                env == null ? List.of(SharedSecretFilter.DEFAULT_SECRET_ENV) : secretEnv(prefix, env.split(",", -1)),
                environment);
    }

    /**
     * Validates a header name: an HTTP field name (RFC 9110 token), surrounding whitespace ignored.
     */
    static String headerName(String prefix, String value) {
        String name = value.strip();
        if (name.isEmpty() || !onlyAlphanumericOr(name, TOKEN_SYMBOLS)) {
            throw new IllegalArgumentException(prefix + "[" + SharedSecretFilter.PARAM_HEADER_NAME
                    + "] must be an HTTP header name (letters, digits and " + TOKEN_SYMBOLS + ") but was [" + value + "]");
        }
        return name;
    }

    /**
     * Validates environment variable names: entries are trimmed, empty entries ignored, duplicates
     * dropped; at least one must remain and each must be letters, digits, {@code _}, {@code .} or
     * {@code -}.
     */
    static List<String> secretEnv(String prefix, String... entries) {
        Set<String> names = new LinkedHashSet<>();
        for (String entry : entries) {
            String name = entry.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!onlyAlphanumericOr(name, "_.-")) {
                throw new IllegalArgumentException(prefix + "[" + SharedSecretFilter.PARAM_SECRET_ENV
                        + "] must list environment variable names (letters, digits, _ . -) separated by commas but had ["
                        + name + "]");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(prefix + "[" + SharedSecretFilter.PARAM_SECRET_ENV
                    + "] must name at least one environment variable but was [" + String.join(",", entries) + "]");
        }
        return new ArrayList<>(names);
    }

    /** Tells whether {@code value} has only ASCII letters, digits and characters in {@code extra}. */
    private static boolean onlyAlphanumericOr(String value, String extra) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && extra.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    String headerName() {
        return headerName;
    }

    List<String> secretEnv() {
        return secretEnv;
    }

    UnaryOperator<String> environment() {
        return environment;
    }

    /** Shows the settings; never a secret (the settings hold none). */
    @Override
    public String toString() {
        return "Settings[headerName=" + headerName + ", secretEnv=" + secretEnv + "]";
    }
}
