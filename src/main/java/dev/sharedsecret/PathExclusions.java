package dev.sharedsecret;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The paths that pass without a secret: exact paths ({@code /health}) and prefixes
 * ({@code /public/*} matches {@code /public} and {@code /public/x}, not {@code /publicity}).
 *
 * <p>They are matched, case-sensitively, against the path the container resolved inside the
 * application, {@code servletPath + pathInfo}, which the Servlet 6 spec requires to be decoded and
 * normalised (no {@code ;} parameters, no dot segments, no encoded characters): never against the
 * raw request URI, which an attacker shapes. As a second line of defence a path that still carries
 * any sign of not being normalised is never excluded, so the secret is required.
 */
final class PathExclusions {
    static final PathExclusions NONE = new PathExclusions(Set.of(), List.of(), List.of());

    private final Set<String> exact;
    /** Prefixes without their {@code /*}, such as {@code /public}. */
    private final List<String> prefixes;
    private final List<String> patterns;

    private PathExclusions(Set<String> exact, List<String> prefixes, List<String> patterns) {
        this.exact = exact;
        this.prefixes = prefixes;
        this.patterns = patterns;
    }

    /**
     * Validates the patterns: each starts with {@code /}, is a normalised path, and has no
     * {@code *} except one trailing {@code /*}; {@code /*} itself, which would switch the filter
     * off, is refused.
     */
    static PathExclusions of(String prefix, String... values) {
        List<String> patterns = Settings.atLeastOne(prefix, SharedSecretFilter.PARAM_EXCLUDE_PATHS, "path", values);
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String pattern : patterns) {
            boolean isPrefix = pattern.endsWith("/*");
            String path = isPrefix ? pattern.substring(0, pattern.length() - 2) : pattern;
            if (!pattern.startsWith("/") || path.contains("*") || !isNormalised(isPrefix ? path + "/" : path)) {
                throw new IllegalArgumentException(prefix + "[" + SharedSecretFilter.PARAM_EXCLUDE_PATHS
                        + "] must list paths starting with [/], optionally ending in [/*], without [*] elsewhere,"
                        + " [;], [%], [\\] or dot segments, but had [" + pattern + "]");
            }
            if (path.isEmpty()) {
                throw new IllegalArgumentException(prefix + "[" + SharedSecretFilter.PARAM_EXCLUDE_PATHS
                        + "] must not exclude every path but had [" + pattern + "]");
            }
            (isPrefix ? prefixes : exact).add(path);
        }
        return new PathExclusions(Set.copyOf(exact), List.copyOf(prefixes), List.copyOf(patterns));
    }

    /** Tells whether the request's path inside the application is excluded. */
    boolean excludes(HttpServletRequest request) {
        if (patterns.isEmpty()) {
            return false;
        }
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = servletPath == null ? pathInfo : pathInfo == null ? servletPath : servletPath + pathInfo;
        return path != null && excludes(path);
    }

    /** Tells whether {@code path}, which must look normalised, matches a pattern. */
    boolean excludes(String path) {
        if (!path.startsWith("/") || !isNormalised(path)) {
            return false;
        }
        if (exact.contains(path)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tells whether {@code path} looks like a normalised, decoded path: no path parameters, no
     * percent signs, no backslashes, no control characters (C0, DEL or C1), no empty or dot
     * segments.
     */
    private static boolean isNormalised(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == ';' || c == '%' || c == '\\') {
                return false;
            }
        }
        return !(path.contains("//") || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/.."));
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}
