package dev.sharedsecret;

import jakarta.servlet.FilterConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The filter's configuration, validated once and then frozen. Built from init-params by
 * {@link #fromInitParams} or from {@link SharedSecretFilter.Builder}; both apply the same rules and
 * produce the same messages, which name the setting and the rule and show values in brackets. No
 * setting holds a secret, so echoing a setting's value is safe.
 */
final class Settings {
    /** The init-params this filter understands; any other fails deployment. */
    static final List<String> PARAMS = List.of(SharedSecretFilter.PARAM_HEADER_NAME, SharedSecretFilter.PARAM_SECRET_ENV,
            SharedSecretFilter.PARAM_SECRET_FILE, SharedSecretFilter.PARAM_EXCLUDE_PATHS, SharedSecretFilter.PARAM_STRIP_HEADER,
            SharedSecretFilter.PARAM_ALLOW_CORS_PREFLIGHT, SharedSecretFilter.PARAM_FAIL_ON_MISSING_SECRET);

    /** How often secret files are checked for changes. */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);

    /** The symbols RFC 9110 allows in a token (a header name) besides letters and digits. */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    final String headerName;
    final List<String> secretEnv;
    final List<Path> secretFiles;
    final PathExclusions exclusions;
    final boolean stripHeader;
    final boolean allowCorsPreflight;
    final boolean failOnMissingSecret;
    final UnaryOperator<String> environment;
    final Duration reloadInterval;
    final LongSupplier nanoClock;

    Settings(String headerName, List<String> secretEnv, List<Path> secretFiles, PathExclusions exclusions,
            boolean stripHeader, boolean allowCorsPreflight, boolean failOnMissingSecret,
            UnaryOperator<String> environment, Duration reloadInterval, LongSupplier nanoClock) {
        this.headerName = headerName;
        this.secretEnv = List.copyOf(secretEnv);
        this.secretFiles = List.copyOf(secretFiles);
        this.exclusions = exclusions;
        this.stripHeader = stripHeader;
        this.allowCorsPreflight = allowCorsPreflight;
        this.failOnMissingSecret = failOnMissingSecret;
        this.environment = environment;
        this.reloadInterval = reloadInterval;
        this.nanoClock = nanoClock;
    }

    /**
     * Reads and validates the init-params of {@code config}. The default {@code secretEnv} applies
     * only when neither {@code secretEnv} nor {@code secretFile} is given.
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
        String env = config.getInitParameter(SharedSecretFilter.PARAM_SECRET_ENV);
        String files = config.getInitParameter(SharedSecretFilter.PARAM_SECRET_FILE);
        String exclude = config.getInitParameter(SharedSecretFilter.PARAM_EXCLUDE_PATHS);
        return new Settings(
                param(config.getInitParameter(SharedSecretFilter.PARAM_HEADER_NAME), SharedSecretFilter.DEFAULT_HEADER_NAME,
                        value -> headerName(prefix, value)),
                env != null ? secretEnv(prefix, split(env))
                        : files != null ? List.of() : List.of(SharedSecretFilter.DEFAULT_SECRET_ENV),
                files == null ? List.of() : secretFiles(prefix, split(files)),
                exclude == null ? PathExclusions.NONE : PathExclusions.of(prefix, split(exclude)),
                bool(prefix, config, SharedSecretFilter.PARAM_STRIP_HEADER, SharedSecretFilter.DEFAULT_STRIP_HEADER),
                bool(prefix, config, SharedSecretFilter.PARAM_ALLOW_CORS_PREFLIGHT, SharedSecretFilter.DEFAULT_ALLOW_CORS_PREFLIGHT),
                bool(prefix, config, SharedSecretFilter.PARAM_FAIL_ON_MISSING_SECRET, SharedSecretFilter.DEFAULT_FAIL_ON_MISSING_SECRET),
                environment, RELOAD_INTERVAL, System::nanoTime);
    }

    /**
     * {@code absent} if {@code value} is {@code null}, else {@code value} parsed. (It takes the value,
     * not the {@code FilterConfig}: a generic signature naming a servlet type would survive, stale,
     * in the javax edition's constant pool.)
     */
    private static <T> T param(String value, T absent, Function<String, T> parse) {
        return value == null ? absent : parse.apply(value);
    }

    private static boolean bool(String prefix, FilterConfig config, String name, boolean absent) {
        return param(config.getInitParameter(name), absent, value -> {
            switch (value.strip()) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw new IllegalArgumentException(prefix + "[" + name + "] must be [true] or [false] but was [" + value + "]");
            }
        });
    }

    /** Splits a comma-separated list; entries keep their whitespace for the validators to trim. */
    private static String[] split(String list) {
        return list.split(",", -1);
    }

    /** Trims the entries, drops empty ones and duplicates. */
    static List<String> entries(String... values) {
        Set<String> entries = new LinkedHashSet<>();
        for (String value : values) {
            String entry = value.strip();
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return new ArrayList<>(entries);
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
     * Validates environment variable names: at least one after {@link #entries}, each of letters,
     * digits, {@code _}, {@code .} or {@code -}.
     */
    static List<String> secretEnv(String prefix, String... values) {
        List<String> names = atLeastOne(prefix, SharedSecretFilter.PARAM_SECRET_ENV, "environment variable", values);
        for (String name : names) {
            if (!onlyAlphanumericOr(name, "_.-")) {
                throw new IllegalArgumentException(prefix + "[" + SharedSecretFilter.PARAM_SECRET_ENV
                        + "] must list environment variable names (letters, digits, _ . -) separated by commas but had ["
                        + name + "]");
            }
        }
        return names;
    }

    /** Validates secret file paths: at least one after {@link #entries}, each absolute. */
    static List<Path> secretFiles(String prefix, String... values) {
        List<Path> paths = new ArrayList<>();
        for (String entry : atLeastOne(prefix, SharedSecretFilter.PARAM_SECRET_FILE, "file", values)) {
            Path path = null;
            try {
                path = Path.of(entry);
            } catch (InvalidPathException e) {
                // reported below
            }
            paths.add(absolute(prefix, path, entry));
        }
        return paths;
    }

    /** Validates a secret file path given in code. */
    static List<Path> secretFiles(String prefix, Path... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException(prefix + "[" + SharedSecretFilter.PARAM_SECRET_FILE
                    + "] must name at least one file but was []");
        }
        List<Path> paths = new ArrayList<>();
        for (Path path : values) {
            Path absolute = absolute(prefix, Objects.requireNonNull(path, "path"), path.toString());
            if (!paths.contains(absolute)) {
                paths.add(absolute);
            }
        }
        return paths;
    }

    private static Path absolute(String prefix, Path path, String entry) {
        if (path == null || !path.isAbsolute()) {
            throw new IllegalArgumentException(prefix + "[" + SharedSecretFilter.PARAM_SECRET_FILE
                    + "] must list absolute file paths separated by commas but had [" + entry + "]");
        }
        return path.normalize();
    }

    static List<String> atLeastOne(String prefix, String param, String what, String... values) {
        List<String> entries = entries(values);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(prefix + "[" + param + "] must name at least one " + what
                    + " but was [" + String.join(",", values) + "]");
        }
        return entries;
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

    /** The names of all configured sources, as {@link Secrets#source} gives them. */
    List<String> sources() {
        List<String> sources = new ArrayList<>();
        secretEnv.forEach(name -> sources.add("env:" + name));
        secretFiles.forEach(path -> sources.add("file:" + path));
        return sources;
    }

    /** Where the secrets come from, for messages: the variables and the files. */
    String describeSources() {
        String variables = "environment variables " + secretEnv;
        String files = "files " + secretFiles;
        return secretEnv.isEmpty() ? files : secretFiles.isEmpty() ? variables : variables + " and " + files;
    }

    /** Shows the settings; never a secret (the settings hold none). */
    @Override
    public String toString() {
        return "Settings[headerName=" + headerName + ", secretEnv=" + secretEnv + ", secretFile=" + secretFiles
                + ", excludePaths=" + exclusions + ", stripHeader=" + stripHeader + ", allowCorsPreflight="
                + allowCorsPreflight + ", failOnMissingSecret=" + failOnMissingSecret + "]";
    }
}
