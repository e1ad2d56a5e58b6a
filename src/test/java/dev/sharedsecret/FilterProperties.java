package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharedsecret.testlog.SentValues;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.StringArbitrary;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the per-request decision, with generated header values, secrets and paths: the
 * filter passes a request if and only if its javadoc says so, and answers every other one with
 * exactly the documented rejection. The oracles below are written from the javadoc, not the code.
 *
 * <p>Values that depend on the configured secrets (the secret itself, near misses of it) are
 * generated as {@link ValueRecipe}s and resolved against the secrets in the property: a
 * {@code flatMap} per try would build a new generator every time and cost milliseconds a try.
 */
class FilterProperties {
    static final String MISCONFIGURED = "{\"error\":\"Server configuration error\"}";
    static final String MISSING = "{\"error\":\"No secret provided\"}";
    static final String INVALID = "{\"error\":\"Invalid secret\"}";
    static final String RULE = "a usable secret is at least 32 characters of visible ASCII (0x21-0x7E) after"
            + " surrounding whitespace is trimmed; generate one with [openssl rand -hex 32]";
    private static final String FILTER_NAME = "filterProperties";

    /** The whitespace the spec trims from a configured secret: space, tab, CR, LF, FF, VT. */
    static final String ASCII_WHITESPACE = " \t\r\n\f\u000B";
    /**
     * Characters that break naive checks: C0 and C1 controls, DEL, the Unicode whitespace that
     * {@code String.strip()} removes (U+001C..U+001F, U+2028) or keeps (NBSP, NEL, U+3000),
     * characters whose low byte is visible ASCII ({@code š} U+0161, {@code ġ} U+0121, {@code İ}
     * U+0130, U+FF21), case-mapping oddities (dotless i, long s, Kelvin sign), lone surrogates,
     * BOM, U+FFFD, U+FFFF, and the ASCII characters that matter in headers and paths.
     */
    static final String TRICKY_CHARS = "\u0000\u0001\u0008\u001B\u001C\u001D\u001E\u001F\u007F\u0080\u0085\u009F"
            + "\u00A0\u00E9\u00FF\u0100\u0121\u0130\u0131\u0161\u017F\u1680\u2000\u2028\u2029\u202F\u212A\u3000"
            + "\uD800\uDBFF\uDC00\uDFFF\uFEFF\uFF21\uFFFD\uFFFF ,;:\"'\\%/*.=";

    // ---------------------------------------------------------------------------------------------
    // Property 1: arbitrary header values against 1..4 configured secrets.
    // ---------------------------------------------------------------------------------------------

    /**
     * A filter configured with 1..4 variables (their values are the secrets, maybe padded with
     * ASCII whitespace), and what one request sends in the secret header.
     */
    record HeaderScenario(List<String> secrets, List<String> padding, boolean viaBuilder, String headerName,
            int sentNameCase, List<ValueRecipe> recipes) {
        List<String> names() {
            return IntStream.range(0, secrets.size()).mapToObj(i -> "SECRET_" + i).collect(Collectors.toList());
        }

        /** Variable name to value, padded. */
        Map<String, String> environment() {
            Map<String, String> environment = new HashMap<>();
            for (int i = 0; i < secrets.size(); i++) {
                environment.put("SECRET_" + i, padding.get(2 * i) + secrets.get(i) + padding.get(2 * i + 1));
            }
            return environment;
        }

        String effectiveHeaderName() {
            return headerName.isEmpty() ? SharedSecretFilter.DEFAULT_HEADER_NAME : headerName;
        }

        String sentHeaderName() {
            String name = effectiveHeaderName();
            return sentNameCase == 0 ? name : sentNameCase == 1 ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
        }

        List<String> sent() {
            return recipes.stream().map(recipe -> recipe.resolve(secrets)).collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "HeaderScenario[environment=" + escape(environment()) + ", viaBuilder=" + viaBuilder
                    + ", headerName=" + escape(headerName) + ", sentHeaderName=" + sentHeaderName() + ", sent="
                    + escape(sent()) + ", recipes=" + recipes + "]";
        }
    }

    @Property(tries = 1500)
    void passesExactlyOneValueEqualToAConfiguredSecretAndRejectsEverythingElse(
            @ForAll("headerScenarios") HeaderScenario scenario) throws Exception {
        Map<String, String> environment = scenario.environment();
        environment.values().forEach(SentValues::record);
        Set<String> secrets = usableSecrets(environment);
        assertEquals(Set.copyOf(scenario.secrets()), secrets, "the generator must produce usable secrets");
        List<String> sent = scenario.sent();

        SharedSecretFilter filter = scenario.viaBuilder()
                ? initialisedByBuilder(environment, scenario.names(), scenario.headerName(), false)
                : initialisedByParams(environment, scenario.names(), scenario.headerName(), false);
        try {
            FakeHttpRequest request = new FakeHttpRequest("GET", "/protected");
            for (String value : sent) {
                request.header(scenario.sentHeaderName(), value);
            }
            Exchange exchange = Exchange.run(filter, request);
            String expected = expectedRejection(sent, secrets);
            Statistics.label("outcome").collect(expected == null ? "pass" : expected.equals(MISSING) ? "missing" : "invalid");
            Statistics.label("values sent").collect(sent.size());
            if (expected == null) {
                assertPassed(exchange, request, sourcesOf(environment, sent.get(0)), scenario.effectiveHeaderName());
            } else {
                assertRejected(exchange, 401, expected);
                assertNull(request.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE), "no source on a rejected request");
            }
            String body = exchange.response().body();
            for (String value : sent) {
                if (value.length() >= 8) {
                    assertFalse(body.contains(value), "the response echoes the received value");
                }
            }
        } finally {
            filter.destroy();
        }
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check("pass").percentage(p -> p >= 8);
            coverage.check("missing").percentage(p -> p >= 3);
            coverage.check("invalid").percentage(p -> p >= 30);
        });
    }

    @Provide
    Arbitrary<HeaderScenario> headerScenarios() {
        Arbitrary<List<String>> secrets = secret().list().ofMinSize(1).ofMaxSize(4);
        // "" leaves the header name at its default.
        Arbitrary<String> headerName = Arbitraries.of("", "X-Shared-Secret", "x-origin-token");
        return Combinators.combine(secrets, asciiPadding().list().ofSize(8), Arbitraries.of(true, false), headerName,
                Arbitraries.integers().between(0, 2), sentRecipes()).as(HeaderScenario::new);
    }

    /** 0..4 values, one most often: that is where passing and failing are decided. */
    static Arbitrary<List<ValueRecipe>> sentRecipes() {
        Arbitrary<ValueRecipe> recipe = valueRecipe();
        return Arbitraries.frequencyOf(
                Tuple.of(1, recipe.list().ofSize(0)),
                Tuple.of(7, recipe.list().ofSize(1)),
                Tuple.of(2, recipe.list().ofSize(2)),
                Tuple.of(1, recipe.list().ofMinSize(3).ofMaxSize(4)));
    }

    /**
     * A usable secret: random visible ASCII, {@code openssl rand -hex 32}, or one of two fixed
     * secrets that differ only in case (both configured makes a case change of one equal the other;
     * one configured twice makes the same secret come from two sources).
     */
    static Arbitrary<String> secret() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.strings().withCharRange('!', '~').ofMinLength(32).ofMaxLength(48)),
                Tuple.of(2, Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)),
                Tuple.of(2, Arbitraries.of("Gateway-Secret-0123456789-ABCDEF-xyz", "gateway-secret-0123456789-abcdef-xyz")));
    }

    /** How a header value is made from the configured secrets. */
    enum Change {
        /** {@code text} itself, unrelated to any secret. */
        LITERAL,
        /** The secret. */
        SECRET,
        /** One character replaced by the character 0x100 above it: the same low byte. */
        LOW_BYTE_ALIAS,
        /** One character replaced by the character 0x100 below it (mod 0x10000): the same low byte. */
        HIGH_BYTE_ALIAS,
        /** One character replaced by its fullwidth form (U+FF01..U+FF5E). */
        FULLWIDTH,
        /** One character with bit 0x20 flipped: a letter's other case, or another symbol. */
        FLIP_0X20,
        /** One character with bit 0 flipped. */
        FLIP_BIT_0,
        /** One character replaced by {@code c}. */
        REPLACE,
        /** A proper prefix (maybe empty). */
        PREFIX,
        /** The secret followed by {@code text}. */
        APPEND,
        /** {@code text} followed by the secret. */
        PREPEND,
        /** The secret, a comma and {@code text}, or the secret twice. */
        COMMA_LIST,
        /** One character deleted. */
        DELETE,
        /** {@code c} inserted somewhere. */
        INSERT,
        UPPER_CASE,
        LOWER_CASE,
        SWAP_CASE,
        /** {@code text} (or a space) before and after the secret. */
        PAD
    }

    /** A header value as a recipe: {@code change} applied to the secret {@code pick}. */
    record ValueRecipe(Change change, int pick, int position, char c, String text) {
        String resolve(List<String> secrets) {
            if (change == Change.LITERAL || secrets.isEmpty()) {
                return text;
            }
            String s = secrets.get(pick % secrets.size());
            int n = s.length();
            if (change == Change.SECRET || n == 0) {
                return s;
            }
            int i = position % n;
            String extra = text.isEmpty() ? "x" : text;
            switch (change) {
                case LOW_BYTE_ALIAS: return replace(s, i, (char) (s.charAt(i) + 0x100));
                case HIGH_BYTE_ALIAS: return replace(s, i, (char) (s.charAt(i) - 0x100));
                case FULLWIDTH: return replace(s, i, (char) (s.charAt(i) + 0xFEE0));
                case FLIP_0X20: return replace(s, i, (char) (s.charAt(i) ^ 0x20));
                case FLIP_BIT_0: return replace(s, i, (char) (s.charAt(i) ^ 1));
                case REPLACE: return replace(s, i, c == s.charAt(i) ? (char) (c ^ 1) : c);
                case PREFIX: return s.substring(0, i);
                case APPEND: return s + extra;
                case PREPEND: return extra + s;
                case COMMA_LIST: return s + (text.isEmpty() ? "," + s : text.equals(" ") ? ", " + s : "," + text);
                case DELETE: return s.substring(0, i) + s.substring(i + 1);
                case INSERT: return s.substring(0, position % (n + 1)) + c + s.substring(position % (n + 1));
                case UPPER_CASE: return s.toUpperCase(Locale.ROOT);
                case LOWER_CASE: return s.toLowerCase(Locale.ROOT);
                case SWAP_CASE: return swapCase(s);
                case PAD: return (text.isEmpty() ? " " : text) + s + (text.isEmpty() ? " " : text);
                default: throw new AssertionError(change);
            }
        }

        @Override
        public String toString() {
            return change == Change.LITERAL ? "LITERAL " + escape(text)
                    : change + "(secret " + pick + ", at " + position + ", c=" + escape(String.valueOf(c)) + ", text="
                            + escape(text) + ")";
        }
    }

    /**
     * A header value: arbitrary text (any UTF-16, tricky characters, visible ASCII, empty,
     * whitespace), a configured secret, or a near miss of one.
     */
    static Arbitrary<ValueRecipe> valueRecipe() {
        Arbitrary<String> literal = Arbitraries.frequencyOf(
                Tuple.of(2, anyString()),
                Tuple.of(2, trickyString()),
                Tuple.of(2, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(48)),
                Tuple.of(1, Arbitraries.of("", " ", "\t", "\r\n", "\u00A0", "\u0000", "null")));
        Arbitrary<String> extra = Arbitraries.frequencyOf(
                Tuple.of(2, anyString().ofMaxLength(6)),
                Tuple.of(2, trickyString().ofMaxLength(6)),
                Tuple.of(2, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(6)),
                Tuple.of(2, Arbitraries.of("", " ", "\t", "\r\n", "\u000B", "\f", "\u00A0", "\u0000", "\u0085", "\"")));
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 99);
        List<Change> nearMisses = new ArrayList<>(List.of(Change.values()));
        nearMisses.removeAll(List.of(Change.LITERAL, Change.SECRET));
        return Arbitraries.frequencyOf(
                Tuple.of(4, literal.map(text -> new ValueRecipe(Change.LITERAL, 0, 0, 'x', text))),
                Tuple.of(10, pick.map(p -> new ValueRecipe(Change.SECRET, p, 0, 'x', ""))),
                Tuple.of(6, Combinators.combine(Arbitraries.of(nearMisses), pick, position, anyChar(), extra)
                        .as(ValueRecipe::new)));
    }

    // ---------------------------------------------------------------------------------------------
    // Property 2: which configured values are usable.
    // ---------------------------------------------------------------------------------------------

    /**
     * Values for variables V0.. (some unset), and the requests sent: each value raw, trimmed, near
     * misses of them and arbitrary text.
     */
    record ConfiguredScenario(List<String> values, boolean viaBuilder, boolean failOnMissingSecret,
            List<List<ValueRecipe>> requestRecipes) {
        List<String> names() {
            return IntStream.range(0, values.size()).mapToObj(i -> "V" + i).collect(Collectors.toList());
        }

        Map<String, String> environment() {
            Map<String, String> environment = new HashMap<>();
            for (int i = 0; i < values.size(); i++) {
                environment.put("V" + i, values.get(i));
            }
            return environment;
        }

        /** Every value, raw and trimmed, as the recipes' "secrets". */
        List<String> candidates() {
            List<String> candidates = new ArrayList<>();
            for (String value : values) {
                if (value != null) {
                    candidates.add(value);
                    candidates.add(trimAsciiWhitespace(value));
                }
            }
            return candidates;
        }

        List<List<String>> requests() {
            List<String> candidates = candidates();
            List<List<String>> requests = new ArrayList<>();
            for (List<ValueRecipe> recipes : requestRecipes) {
                requests.add(recipes.stream().map(recipe -> recipe.resolve(candidates)).collect(Collectors.toList()));
            }
            // Always: no header, and each value as it is and trimmed, alone.
            requests.add(List.of());
            candidates.forEach(candidate -> requests.add(List.of(candidate)));
            return requests;
        }

        @Override
        public String toString() {
            return "ConfiguredScenario[values=" + escape(values) + ", viaBuilder=" + viaBuilder + ", failOnMissingSecret="
                    + failOnMissingSecret + ", requests=" + requests().stream().map(FilterProperties::escape)
                    .collect(Collectors.toList()) + "]";
        }
    }

    @Property(tries = 800)
    void aConfiguredValueIsUsableIffItsTrimmedFormIsAtLeast32VisibleAsciiCharacters(
            @ForAll("configuredScenarios") ConfiguredScenario scenario) throws Exception {
        Map<String, String> environment = scenario.environment();
        List<String> names = scenario.names();
        environment.values().stream().filter(value -> value != null).forEach(SentValues::record);
        Set<String> usable = usableSecrets(environment);
        Statistics.label("usable values").collect(usable.size());
        Statistics.label("usable values").coverage(coverage -> {
            coverage.check(0).percentage(p -> p >= 10);
            coverage.checkQuery(values -> (Integer) values.get(0) >= 1).percentage(p -> p >= 25);
        });

        if (usable.isEmpty() && scenario.failOnMissingSecret()) {
            SharedSecretFilter filter = scenario.viaBuilder()
                    ? builderFilter(environment, names, "", true) : new SharedSecretFilter(environment::get);
            FakeFilterConfig config = scenario.viaBuilder() ? new FakeFilterConfig(FILTER_NAME) : paramsConfig(names, "", true);
            ServletException e = assertThrows(ServletException.class, () -> filter.init(config));
            assertEquals("No usable secret in environment variables " + names + ": " + RULE
                    + "; failing deployment because [failOnMissingSecret] is [true]", e.getMessage());
            return;
        }
        SharedSecretFilter filter = scenario.viaBuilder()
                ? initialisedByBuilder(environment, names, "", scenario.failOnMissingSecret())
                : initialisedByParams(environment, names, "", scenario.failOnMissingSecret());
        try {
            for (List<String> sent : scenario.requests()) {
                FakeHttpRequest request = new FakeHttpRequest("GET", "/protected");
                sent.forEach(value -> request.header(SharedSecretFilter.DEFAULT_HEADER_NAME, value));
                Exchange exchange = Exchange.run(filter, request);
                String expected = usable.isEmpty() ? MISCONFIGURED : expectedRejection(sent, usable);
                if (expected == null) {
                    assertPassed(exchange, request, sourcesOf(environment, sent.get(0)), SharedSecretFilter.DEFAULT_HEADER_NAME);
                } else {
                    assertRejected(exchange, expected.equals(MISCONFIGURED) ? 500 : 401, expected);
                }
            }
            for (String secret : usable) {
                // Every usable value is accepted in its trimmed form (and only in it, by the loop above).
                FakeHttpRequest request = new FakeHttpRequest("GET", "/protected").header("X-Shared-Secret", secret);
                assertPassed(Exchange.run(filter, request), request, sourcesOf(environment, secret), "X-Shared-Secret");
            }
        } finally {
            filter.destroy();
        }
    }

    @Provide
    Arbitrary<ConfiguredScenario> configuredScenarios() {
        Arbitrary<List<ValueRecipe>> request = valueRecipe().list().ofMaxSize(2);
        return Combinators.combine(configuredValue().list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false),
                Arbitraries.of(true, false), request.list().ofMaxSize(3)).as(ConfiguredScenario::new);
    }

    /**
     * An arbitrary variable value, biased to the edges of the rule: visible ASCII of 30 to 33
     * characters, one bad character somewhere, padding that is (or only looks like) ASCII
     * whitespace; sometimes unset.
     */
    static Arbitrary<String> configuredValue() {
        Arbitrary<String> visible = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().withCharRange('!', '~').ofMinLength(30).ofMaxLength(33)),
                Tuple.of(4, Arbitraries.strings().withCharRange('!', '~').ofMinLength(32).ofMaxLength(70)),
                Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(31)));
        Arbitrary<Character> bad = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(TRICKY_CHARS.toCharArray()).filter(c -> c < '!' || c > '~')),
                Tuple.of(1, Arbitraries.of(ASCII_WHITESPACE.toCharArray())),
                Tuple.of(1, anyChar().filter(c -> c < '!' || c > '~')));
        Arbitrary<String> withBadChar = Combinators.combine(
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(32).ofMaxLength(40),
                Arbitraries.integers().between(0, 40), bad)
                .as((s, i, c) -> s.substring(0, Math.min(i, s.length())) + c + s.substring(Math.min(i, s.length())));
        Arbitrary<String> core = Arbitraries.frequencyOf(
                Tuple.of(10, visible),
                Tuple.of(3, withBadChar),
                Tuple.of(1, anyString()),
                Tuple.of(1, Arbitraries.of("", " ", "\t\n", "\u00A0")));
        Arbitrary<String> padding = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("")),
                Tuple.of(6, Arbitraries.strings().withChars(ASCII_WHITESPACE).ofMinLength(1).ofMaxLength(3)),
                Tuple.of(1, Arbitraries.of("\u00A0", "\u0085", "\u2003", "\u3000", "\u001C", "\u001F", "\u0000",
                        "\uFEFF", " \u00A0", "\u000B\u001E", "\u2028")));
        return Combinators.combine(padding, core, padding).as((l, c, r) -> l + c + r).injectNull(0.1);
    }

    // ---------------------------------------------------------------------------------------------
    // Property 5: path exclusions.
    // ---------------------------------------------------------------------------------------------

    /** Exclusion patterns, and a request path made from them, split into servlet path and path info. */
    record PathScenario(List<String> patterns, PathRecipe recipe, int split, boolean nullServletPath) {
        String path() {
            return recipe.resolve(patterns);
        }

        String servletPath() {
            String path = path();
            return nullServletPath ? null : path.substring(0, split % (path.length() + 1));
        }

        String pathInfo() {
            String path = path();
            int at = split % (path.length() + 1);
            return nullServletPath ? path : at == path.length() ? null : path.substring(at);
        }

        @Override
        public String toString() {
            return "PathScenario[patterns=" + escape(patterns) + ", path=" + escape(path()) + ", servletPath="
                    + escape(servletPath()) + ", pathInfo=" + escape(pathInfo()) + ", recipe=" + recipe + "]";
        }
    }

    /**
     * A path: {@code literal} if not {@code null}; else a variant of pattern {@code pick}'s base
     * ({@code /a/b} for {@code /a/b} and {@code /a/b/*}), with {@code bad} inserted or appended.
     */
    record PathRecipe(String literal, int pick, int variant, String tail, String bad, int position, boolean append) {
        String resolve(List<String> patterns) {
            if (literal != null) {
                return literal;
            }
            String base = base(patterns.get(pick % patterns.size()));
            String root = base.equals("/") ? "" : base;
            String path;
            switch (variant) {
                case 0: path = base; break;
                case 1: path = base + "/"; break;
                case 2: path = root + "/" + tail; break;
                case 3: path = root + "/" + tail + "/" + tail; break;
                case 4: path = root + "/" + tail + "/"; break;
                case 5: path = base + tail; break; // /publicity beside /public
                case 6: path = base.substring(0, base.length() - 1); break;
                case 7: path = base.toUpperCase(Locale.ROOT); break;
                default: path = "/x" + base; break;
            }
            if (bad.isEmpty()) {
                return path;
            }
            int at = position % (path.length() + 1);
            return append ? path + bad : path.substring(0, at) + bad + path.substring(at);
        }

        @Override
        public String toString() {
            return literal != null ? "LITERAL " + escape(literal)
                    : "variant " + variant + " of pattern " + pick + " (tail " + escape(tail) + ") with " + escape(bad)
                            + (append ? " appended" : " at " + position);
        }
    }

    @Property(tries = 3000)
    void excludesOnlyNormalisedPathsThatMatchAPatternOnASegmentBoundary(@ForAll("pathScenarios") PathScenario scenario) {
        PathExclusions exclusions = PathExclusions.of("Test setting ", scenario.patterns().toArray(String[]::new));
        String path = scenario.path();
        boolean excluded = exclusions.excludes(path);
        Statistics.label("excluded").collect(excluded);

        if (excluded) {
            List<String> segments = List.of(path.split("/", -1));
            assertFalse(path.contains(";"), "a path with [;] was excluded");
            assertFalse(segments.contains(".."), "a path with a [..] segment was excluded");
            assertFalse(segments.contains("."), "a path with a [.] segment was excluded");
            assertTrue(path.startsWith("/"), "a path not starting with [/] was excluded");
        }
        assertEquals(looksNormalised(path) && matches(scenario.patterns(), path), excluded, "excludes(path)");

        FakeHttpRequest request = new FakeHttpRequest("GET", "/app" + path)
                .servletPath(scenario.servletPath()).pathInfo(scenario.pathInfo());
        assertEquals(excluded, exclusions.excludes(request), "excludes(request) judges servletPath + pathInfo");

        Statistics.label("excluded").coverage(coverage -> {
            coverage.check(true).percentage(p -> p >= 8);
            coverage.check(false).percentage(p -> p >= 40);
        });
    }

    @Provide
    Arbitrary<PathScenario> pathScenarios() {
        Arbitrary<String> literal = Arbitraries.frequencyOf(
                Tuple.of(1, anyString()),
                Tuple.of(2, Arbitraries.strings().withChars("/.;%\\a*\u0000").ofMaxLength(12)));
        Arbitrary<String> bad = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just("")),
                Tuple.of(4, Arbitraries.of("/..", "/../", "/.", "/./", "//", "/", ";", ";jsessionid=1", "..;", "/..;/", "%2e",
                        "%2e%2e", "%2F", "\\", "\\..\\", "\u0000", "\t", "\n", "\u007F", "\u001F", "/.%2e/", "/x/../..", "..",
                        "\u0085", "\u00A0", "*")));
        Arbitrary<PathRecipe> derived = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(0, 4)), Tuple.of(4, Arbitraries.integers().between(5, 8))),
                Arbitraries.strings().withChars("abz09.-").ofMinLength(1).ofMaxLength(4),
                bad,
                Arbitraries.integers().between(0, 99),
                Arbitraries.of(true, false))
                .as((pick, variant, tail, b, position, append) -> new PathRecipe(null, pick, variant, tail, b, position, append));
        Arbitrary<PathRecipe> recipe = Arbitraries.frequencyOf(
                Tuple.of(8, derived),
                Tuple.of(1, literal.map(text -> new PathRecipe(text, 0, 0, "", "", 0, false))));
        return Combinators.combine(pattern().list().ofMinSize(1).ofMaxSize(4), recipe, Arbitraries.integers().between(0, 99),
                Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))))
                .as(PathScenario::new);
    }

    /** A valid exclusion pattern: {@code /}, {@code /a/b} or {@code /a/b/*}, sometimes padded with whitespace. */
    static Arbitrary<String> pattern() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().withChars("abxyz09-_.~").ofMinLength(1).ofMaxLength(5)),
                Tuple.of(1, Arbitraries.of("health", "public", "api", "\u00E9t\u00E9", "a b", "a:b", "@", "...", ".a", "a.",
                        "\u2028")))
                .filter(s -> !s.equals(".") && !s.equals(".."));
        Arbitrary<String> exact = segment.list().ofMinSize(0).ofMaxSize(3).map(segments -> "/" + String.join("/", segments));
        Arbitrary<String> prefix = segment.list().ofMinSize(1).ofMaxSize(3).map(segments -> "/" + String.join("/", segments) + "/*");
        return Combinators.combine(Arbitraries.frequencyOf(Tuple.of(1, exact), Tuple.of(2, prefix)), Arbitraries.of("", "", "", " ", "\t"))
                .as((p, pad) -> pad + p + pad);
    }

    private static String base(String pattern) {
        String stripped = pattern.strip();
        return stripped.endsWith("/*") ? stripped.substring(0, stripped.length() - 2) : stripped;
    }

    /**
     * The spec's "looks normalised", written independently of {@link PathExclusions}: starts with
     * {@code /}; no {@code ;}, {@code %}, {@code \}, C0 or C1 control or DEL; no empty or dot segment.
     */
    static boolean looksNormalised(String path) {
        if (!path.startsWith("/")) {
            return false;
        }
        for (char c : path.toCharArray()) {
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == ';' || c == '%' || c == '\\') {
                return false;
            }
        }
        return !path.contains("//") && !path.contains("/./") && !path.contains("/../")
                && !path.endsWith("/.") && !path.endsWith("/..");
    }

    /** Whether {@code path} equals an exact pattern, or is a prefix pattern's base or below it. */
    static boolean matches(List<String> patterns, String path) {
        for (String raw : patterns) {
            String pattern = raw.strip();
            if (pattern.endsWith("/*")) {
                String base = pattern.substring(0, pattern.length() - 2);
                if (path.equals(base) || path.startsWith(base + "/")) {
                    return true;
                }
            } else if (path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // Oracles, filters and assertions, shared with ConfigurationProperties.
    // ---------------------------------------------------------------------------------------------

    /** The spec's answer to one request, or {@code null} if it must pass. */
    static String expectedRejection(List<String> sent, Set<String> secrets) {
        if (sent.isEmpty()) {
            return MISSING;
        }
        if (sent.size() > 1) {
            return INVALID;
        }
        String value = sent.get(0);
        if (value.isEmpty()) {
            return MISSING;
        }
        return secrets.contains(value) ? null : INVALID;
    }

    /** The usable secrets in {@code environment}, in trimmed form, by the spec's rule. */
    static Set<String> usableSecrets(Map<String, String> environment) {
        Set<String> usable = new LinkedHashSet<>();
        for (String value : environment.values()) {
            if (isUsable(value)) {
                usable.add(trimAsciiWhitespace(value));
            }
        }
        return usable;
    }

    static boolean isUsable(String value) {
        if (value == null) {
            return false;
        }
        String trimmed = trimAsciiWhitespace(value);
        return trimmed.length() >= 32 && trimmed.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
    }

    static String trimAsciiWhitespace(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && ASCII_WHITESPACE.indexOf(value.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && ASCII_WHITESPACE.indexOf(value.charAt(end - 1)) >= 0) {
            end--;
        }
        return value.substring(start, end);
    }

    /** The sources whose usable value is {@code secret}: {@code env:NAME}. */
    static Set<String> sourcesOf(Map<String, String> environment, String secret) {
        return environment.entrySet().stream()
                .filter(entry -> isUsable(entry.getValue()) && trimAsciiWhitespace(entry.getValue()).equals(secret))
                .map(entry -> "env:" + entry.getKey())
                .collect(Collectors.toSet());
    }

    /** A filter made by the builder; {@code headerName} "" keeps the default. */
    static SharedSecretFilter builderFilter(Map<String, String> environment, List<String> names, String headerName,
            boolean failOnMissingSecret) {
        SharedSecretFilter.Builder builder = SharedSecretFilter.builder().environment(environment::get)
                .secretEnv(names.toArray(String[]::new)).failOnMissingSecret(failOnMissingSecret);
        if (!headerName.isEmpty()) {
            builder.headerName(headerName);
        }
        return builder.build();
    }

    /** Init-params naming {@code names} (with spaces and an empty entry); {@code headerName} "" keeps the default. */
    static FakeFilterConfig paramsConfig(List<String> names, String headerName, boolean failOnMissingSecret) {
        FakeFilterConfig config = new FakeFilterConfig(FILTER_NAME).param("secretEnv", String.join(" , ", names) + ",");
        if (!headerName.isEmpty()) {
            config.param("headerName", headerName);
        }
        if (failOnMissingSecret) {
            config.param("failOnMissingSecret", "true");
        }
        return config;
    }

    static SharedSecretFilter initialisedByBuilder(Map<String, String> environment, List<String> names, String headerName,
            boolean failOnMissingSecret) throws ServletException {
        SharedSecretFilter filter = builderFilter(environment, names, headerName, failOnMissingSecret);
        filter.init(new FakeFilterConfig(FILTER_NAME));
        return filter;
    }

    static SharedSecretFilter initialisedByParams(Map<String, String> environment, List<String> names, String headerName,
            boolean failOnMissingSecret) throws ServletException {
        SharedSecretFilter filter = new SharedSecretFilter(environment::get);
        filter.init(paramsConfig(names, headerName, failOnMissingSecret));
        return filter;
    }

    /** One request through the filter, with a fresh response and chain. */
    record Exchange(FakeHttpResponse response, FakeFilterChain chain) {
        static Exchange run(SharedSecretFilter filter, FakeHttpRequest request) throws IOException, ServletException {
            FakeHttpResponse response = new FakeHttpResponse();
            FakeFilterChain chain = new FakeFilterChain();
            filter.doFilter(request, response, chain);
            return new Exchange(response, chain);
        }
    }

    static void assertRejected(Exchange exchange, int status, String body) {
        FakeHttpResponse response = exchange.response();
        assertEquals(0, exchange.chain().calls(), "chain must not be called");
        assertEquals(status, response.status());
        assertEquals(body, response.body());
        assertEquals("application/json;charset=UTF-8", response.getContentType());
        assertEquals(body.length(), response.contentLength());
        assertEquals("no-store", response.getHeader("Cache-Control"));
        assertEquals(status == 401 ? "SharedSecret" : null, response.getHeader("WWW-Authenticate"));
        assertFalse(response.sendErrorCalled(), "sendError would let an error page replace the JSON");
    }

    static void assertPassed(Exchange exchange, FakeHttpRequest request, Set<String> sources, String headerName) {
        FakeHttpResponse response = exchange.response();
        assertEquals(1, exchange.chain().calls(), "chain must be called once");
        ServletRequest seen = exchange.chain().request();
        assertSame(request, seen instanceof ServletRequestWrapper ? ((ServletRequestWrapper) seen).getRequest() : seen);
        assertEquals(200, response.status());
        assertEquals("", response.body(), "nothing may be written on pass");
        assertFalse(response.sendErrorCalled());
        Object source = request.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE);
        assertTrue(sources.contains(source), "source attribute [" + source + "] must be one of " + sources);
        // stripHeader is on by default: the application does not see the secret.
        assertNull(((HttpServletRequest) seen).getHeader(headerName), "the application sees the secret header");
    }

    // ---------------------------------------------------------------------------------------------
    // Generators of text.
    // ---------------------------------------------------------------------------------------------

    /** Any UTF-16 text: every char from U+0000 to U+FFFF, lone surrogates included. */
    static StringArbitrary anyString() {
        return Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMaxLength(40);
    }

    /** Short text made of {@link #TRICKY_CHARS}, ASCII whitespace and a few letters. */
    static StringArbitrary trickyString() {
        return Arbitraries.strings().withChars(TRICKY_CHARS + ASCII_WHITESPACE + "aZ09").ofMaxLength(12);
    }

    static Arbitrary<Character> anyChar() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.chars().range('\u0000', '\uFFFF')),
                Tuple.of(1, Arbitraries.of(TRICKY_CHARS.toCharArray())));
    }

    static Arbitrary<String> asciiPadding() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.strings().withChars(ASCII_WHITESPACE).ofMinLength(1).ofMaxLength(3)));
    }

    private static String replace(String s, int i, char c) {
        return s.substring(0, i) + c + s.substring(i + 1);
    }

    private static String swapCase(String s) {
        StringBuilder swapped = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return swapped.toString();
    }

    /** Shows control, non-ASCII and surrogate characters as escapes, so that counterexamples can be read. */
    static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.append('"').toString();
    }

    static String escape(List<String> values) {
        return values.stream().map(FilterProperties::escape).collect(Collectors.joining(", ", "[", "]"));
    }

    static String escape(Map<String, String> map) {
        return map.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + "=" + escape(entry.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
