package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of configuration: whatever init-params or builder arguments arrive, {@code init} and
 * the builder fail only in the documented ways (a {@link ServletException} or an
 * {@link IllegalArgumentException} naming the setting, a {@link NullPointerException} for a null),
 * never with a stray runtime exception. Every filter that initialises is destroyed, and the
 * container checks at the end that no reload thread and no JMX bean was left behind.
 *
 * <p>Secret files are only ever generated inside a temporary directory (or as {@code /},
 * {@code /dev/null} and relative paths), so no property reads a real file.
 */
class ConfigurationProperties {
    static final List<String> KNOWN = List.of("headerName", "secretEnv", "secretFile", "excludePaths", "stripHeader",
            "allowCorsPreflight", "failOnMissingSecret");
    private static final String USABLE = "0123456789abcdef0123456789abcdef-usable";
    private static final String TOKEN_CHARS = "abcXYZ019!#$%&'*+-.^_`|~";

    private static Path dir;
    private static Set<Thread> reloadThreadsBefore;
    private static Set<ObjectName> beansBefore;

    @BeforeContainer
    static void createSecretFiles() throws Exception {
        dir = Files.createTempDirectory("ssf-configuration-properties");
        Files.writeString(dir.resolve("usable"), USABLE + "\n", StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("short"), "too-short\n", StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("empty"), "", StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("latin1"), USABLE + "\u00e9", StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("big"), new byte[(int) SecretStore.MAX_FILE_SIZE + 10]);
        Files.createDirectories(dir.resolve("sub dir"));
        Files.writeString(dir.resolve("sub dir").resolve("usable,comma"), USABLE, StandardCharsets.ISO_8859_1);
        reloadThreadsBefore = reloadThreads();
        beansBefore = filterBeans();
    }

    @AfterContainer
    static void deleteSecretFilesAndCheckNothingLeaked() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Set<Thread> leaked = reloadThreads();
        leaked.removeAll(reloadThreadsBefore);
        assertEquals(Set.of(), leaked, "reload threads left running after destroy");
        Set<ObjectName> beans = filterBeans();
        beans.removeAll(beansBefore);
        assertEquals(Set.of(), beans, "JMX beans left registered after destroy");
    }

    private static Set<Thread> reloadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("shared-secret-reload[") && thread.isAlive())
                .collect(Collectors.toSet());
    }

    private static Set<ObjectName> filterBeans() throws MalformedObjectNameException {
        return ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("dev.sharedsecret:type=SharedSecretFilter,*"), null);
    }

    // ---------------------------------------------------------------------------------------------
    // Property 3: arbitrary init-params.
    // ---------------------------------------------------------------------------------------------

    record Param(String name, String value) {
        @Override
        public String toString() {
            return FilterProperties.escape(name) + "=" + FilterProperties.escape(value);
        }
    }

    record InitScenario(String filterName, List<Param> params, String sharedSecret) {
        /** The init-params as the container shows them: the last value of a name wins, the first position stays. */
        Map<String, String> paramMap() {
            Map<String, String> map = new LinkedHashMap<>();
            params.forEach(param -> map.put(param.name(), param.value()));
            return map;
        }

        Map<String, String> environment() {
            Map<String, String> environment = new HashMap<>();
            environment.put("A", USABLE + "-A");
            environment.put("B", "short");
            if (sharedSecret != null) {
                environment.put("SHARED_SECRET", sharedSecret);
            }
            return environment;
        }

        @Override
        public String toString() {
            return "InitScenario[filterName=" + FilterProperties.escape(filterName) + ", params=" + params
                    + ", SHARED_SECRET=" + FilterProperties.escape(sharedSecret) + "]";
        }
    }

    @Property(tries = 1000)
    void initSucceedsOrThrowsADocumentedServletException(@ForAll("initScenarios") InitScenario scenario) throws Exception {
        Statistics.label("init").coverage(coverage -> {
            coverage.check("succeeded").percentage(p -> p >= 15);
            coverage.check("malformed value").percentage(p -> p >= 15);
            coverage.check("unknown parameter").percentage(p -> p >= 3);
            coverage.check("no usable secret").count(n -> n >= 3);
        });
        Map<String, String> params = scenario.paramMap();
        FakeFilterConfig config = new FakeFilterConfig(scenario.filterName());
        params.forEach(config::param);
        SharedSecretFilter filter = new SharedSecretFilter(scenario.environment()::get);
        List<String> unknown = params.keySet().stream().filter(name -> !KNOWN.contains(name)).collect(Collectors.toList());
        boolean failOnMissingSecret = "true".equals(params.getOrDefault("failOnMissingSecret", "").strip());

        Throwable thrown = null;
        try {
            filter.init(config);
        } catch (Throwable t) {
            thrown = t;
        }
        if (thrown == null) {
            Statistics.label("init").collect("succeeded");
            try {
                assertEquals(List.of(), unknown, "init accepted unknown parameters");
                // A path with ';' is never excluded, and a GET is no preflight: the secret is required.
                FilterProperties.Exchange exchange = FilterProperties.Exchange.run(filter,
                        new FakeHttpRequest("GET", "/protected;x").servletPath("/protected;x"));
                int status = exchange.response().status();
                assertTrue(status == 401 || (status == 500 && !failOnMissingSecret),
                        "status " + status + " for a request without the header");
                assertFalse(exchange.chain().called());
            } finally {
                filter.destroy();
            }
            return;
        }
        if (!(thrown instanceof ServletException)) {
            fail("init threw " + thrown, thrown);
        }
        String message = thrown.getMessage();
        if (!unknown.isEmpty()) {
            Statistics.label("init").collect("unknown parameter");
            assertEquals("Unknown init parameter [" + unknown.get(0) + "]; the known parameters are " + KNOWN, message);
        } else if (message.startsWith("Init parameter [")) {
            Statistics.label("init").collect("malformed value");
            assertTrue(params.keySet().stream().anyMatch(name -> message.startsWith("Init parameter [" + name + "] ")),
                    "the message names no given parameter: " + message);
        } else if (message.startsWith("No usable secret in ")) {
            Statistics.label("init").collect("no usable secret");
            assertTrue(failOnMissingSecret, "init failed for want of a secret, but failOnMissingSecret is not true");
            assertTrue(message.endsWith("; failing deployment because [failOnMissingSecret] is [true]"), message);
        } else {
            fail("undocumented ServletException: " + message, thrown);
        }
        // A filter whose init failed answers 500 (and destroy has nothing to release).
        FilterProperties.Exchange exchange = FilterProperties.Exchange.run(filter,
                new FakeHttpRequest("GET", "/protected").header("X-Shared-Secret", USABLE));
        FilterProperties.assertRejected(exchange, 500, FilterProperties.MISCONFIGURED);
        filter.destroy();

    }

    @Provide
    Arbitrary<InitScenario> initScenarios() {
        Arbitrary<Param> param = Combinators.combine(paramName(), Arbitraries.integers().between(0, 3), genericValue(),
                headerValue(), envListValue(), fileListValue(), excludeListValue(), booleanValue())
                .as((name, pickGeneric, generic, header, env, files, exclude, bool) -> {
                    String specific;
                    switch (name) {
                        case "headerName": specific = header; break;
                        case "secretEnv": specific = env; break;
                        case "secretFile": specific = files; break;
                        case "excludePaths": specific = exclude; break;
                        case "stripHeader": case "allowCorsPreflight": case "failOnMissingSecret": specific = bool; break;
                        default: specific = generic; break;
                    }
                    // Arbitrary text for a secretFile stays relative: no '/' and so no real file.
                    String anyValue = name.equals("secretFile") ? generic.replace('/', '_') : generic;
                    return new Param(name, pickGeneric == 0 ? anyValue : specific);
                });
        Arbitrary<String> filterName = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("configurationProperties")),
                Tuple.of(1, Arbitraries.of("", "a,b=c", "x*?", "quote\"d", "back\\slash", "new\nline", "col:on", "\u00fcn\u00ef")),
                Tuple.of(1, FilterProperties.anyString().ofMaxLength(10)));
        // Often also failOnMissingSecret=true, so that "No usable secret" failures are frequent enough.
        Arbitrary<List<Param>> params = Combinators.combine(param.list().ofMaxSize(4),
                Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))))
                .as((list, failFast) -> {
                    List<Param> all = new ArrayList<>(list);
                    if (failFast) {
                        all.add(new Param("failOnMissingSecret", "true"));
                    }
                    return all;
                });
        return Combinators.combine(filterName, params, FilterProperties.configuredValue()).as(InitScenario::new);
    }

    /** Mostly the known names; sometimes one in another case or padded, or anything at all. */
    static Arbitrary<String> paramName() {
        // Without edge cases: mixed in, they would make every other name an odd one.
        return Arbitraries.<String>frequencyOf(
                Tuple.of(30, Arbitraries.of(KNOWN)),
                Tuple.of(1, Combinators.combine(Arbitraries.of(KNOWN), Arbitraries.integers().between(0, 3))
                        .as((name, variant) -> variant == 0 ? name.toLowerCase() : variant == 1 ? name.toUpperCase()
                                : variant == 2 ? " " + name : name + " ")),
                Tuple.of(1, Arbitraries.of("", " ", "secret-file", "exclude_paths", "org.apache.catalina.X", "SHARED_SECRET")),
                Tuple.of(1, FilterProperties.anyString().ofMaxLength(12))).withoutEdgeCases();
    }

    static Arbitrary<String> genericValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, FilterProperties.anyString()),
                Tuple.of(2, FilterProperties.trickyString()),
                Tuple.of(3, Arbitraries.of("", " ", ",", ",,", " , ", "*", "/", "/*", "true", "false", "TRUE", "yes",
                        "\u00e9", "\u0000", "null", "\n")));
    }

    static Arbitrary<String> headerValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().withChars(TOKEN_CHARS).ofMinLength(1).ofMaxLength(12)),
                Tuple.of(2, Arbitraries.strings().withChars(TOKEN_CHARS + " :;,\t\u00e9\"()").ofMaxLength(12)),
                Tuple.of(2, Arbitraries.of("X-Token", " X-Token ", "X Token", "X-Shared:Secret", "", " ", "X-S\u00e9cret",
                        "x-shared-secret", "\u00A0X-Token", "X-Token\u2028")));
    }

    static Arbitrary<String> envListValue() {
        Arbitrary<String> entry = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("SHARED_SECRET", "A", "B", "UNSET", "a.b-c_d", "")),
                Tuple.of(1, Arbitraries.of(" ", "A B", "$A", "\u00e9", "A\u0000", "\tA\n", "*")),
                Tuple.of(1, Arbitraries.strings().withChars("AB_.-$ \u00e9").ofMaxLength(5)));
        return list(entry);
    }

    /** Secret files: those in the temporary directory, missing ones there, relative paths, {@code /}, {@code /dev/null}. */
    static Arbitrary<String> fileListValue() {
        return list(fileEntry(true));
    }

    static Arbitrary<String> fileEntry(boolean withNul) {
        String d = dir.toString();
        Arbitrary<String> existing = Arbitraries.of(d + "/usable", d + "/short", d + "/empty", d + "/latin1", d + "/big", d,
                d + "/sub dir", d + "/sub dir/usable,comma", "/", "/dev/null", d + "/./usable", d + "//usable",
                d + "/sub dir/../usable", " " + d + "/usable\t");
        Arbitrary<String> missingName = Arbitraries.strings().withChars("abc-_. \u00e9").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> missing = missingName.map(name -> d + "/missing-" + name);
        Arbitrary<String> withNulChar = missingName.map(name -> d + "/nul\u0000" + name);
        Arbitrary<String> relative = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of("secret.txt", "./usable", "~/secret", "C:\\secret", "..", "", " ", "\t")),
                Tuple.of(1, FilterProperties.anyString().ofMaxLength(10)
                        .map(s -> s.replace('/', '_').replace('\u0000', '_'))));
        return Arbitraries.frequencyOf(
                Tuple.of(4, existing),
                Tuple.of(2, missing),
                Tuple.of(withNul ? 1 : 0, withNulChar),
                Tuple.of(2, relative));
    }

    static Arbitrary<String> excludeListValue() {
        Arbitrary<String> entry = Arbitraries.frequencyOf(
                Tuple.of(3, FilterProperties.pattern()),
                Tuple.of(2, Arbitraries.of("/*", "health", "/a/../b", "/a/./b", "/a;b", "/a%2e", "/a\\b", "*", "/", "/a/*/b",
                        "//a", "/a//b", " ", "", "/a/**", "/a/*x", "/a/.", "/a/..", "/..", "/.", "/a\u0000", "/a\u007F")),
                Tuple.of(1, Arbitraries.strings().withChars("/a*.;%\\ ").ofMaxLength(8)));
        return list(entry);
    }

    static Arbitrary<String> booleanValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("true", "false")),
                Tuple.of(1, Arbitraries.of(" true ", "TRUE", "True", "yes", "1", "", " ", "false\n", "\ttrue", "true,false",
                        "\u00A0true", "true\u2028", "\u001Ctrue")));
    }

    /** 0..3 entries joined by a comma, sometimes with a space. */
    private static Arbitrary<String> list(Arbitrary<String> entry) {
        return Combinators.combine(entry.list().ofMaxSize(3), Arbitraries.of(",", ", ", " ,"))
                .as((entries, separator) -> String.join(separator, entries));
    }

    // ---------------------------------------------------------------------------------------------
    // Property 4: arbitrary builder arguments.
    // ---------------------------------------------------------------------------------------------

    enum Setter { HEADER_NAME, SECRET_ENV, SECRET_FILE, EXCLUDE_PATHS, STRIP_HEADER, ALLOW_CORS_PREFLIGHT, FAIL_ON_MISSING_SECRET, ENVIRONMENT }

    /** One builder call; {@code args} may hold nulls, {@code nullArray} passes a null array instead. */
    record BuilderCall(Setter setter, List<String> args, boolean nullArray, boolean flag) {
        boolean hasNull() {
            return nullArray || setter == Setter.ENVIRONMENT || args.stream().anyMatch(Objects::isNull);
        }

        /** The setting a message of this call must name. */
        String setting() {
            switch (setter) {
                case HEADER_NAME: return "headerName";
                case SECRET_ENV: return "secretEnv";
                case SECRET_FILE: return "secretFile";
                case EXCLUDE_PATHS: return "excludePaths";
                default: return setter.name();
            }
        }

        /**
         * The arguments of {@code secretFile} as paths. {@code Path.of} itself refuses some strings
         * (a lone surrogate cannot be encoded as a file name): that is the caller's problem, not
         * the builder's, so such a call is not made.
         *
         * @throws java.nio.file.InvalidPathException if an argument is no path
         */
        Path[] paths() {
            return nullArray ? null : args.stream().map(arg -> arg == null ? null : Path.of(arg)).toArray(Path[]::new);
        }

        void applyTo(SharedSecretFilter.Builder builder, Path[] paths) {
            String[] array = nullArray ? null : args.toArray(String[]::new);
            switch (setter) {
                case HEADER_NAME: builder.headerName(args.get(0)); break;
                case SECRET_ENV: builder.secretEnv(array); break;
                case SECRET_FILE: builder.secretFile(paths); break;
                case EXCLUDE_PATHS: builder.excludePaths(array); break;
                case STRIP_HEADER: builder.stripHeader(flag); break;
                case ALLOW_CORS_PREFLIGHT: builder.allowCorsPreflight(flag); break;
                case FAIL_ON_MISSING_SECRET: builder.failOnMissingSecret(flag); break;
                case ENVIRONMENT: builder.environment(null); break;
                default: throw new AssertionError(setter);
            }
        }

        @Override
        public String toString() {
            return setter + (nullArray ? "(null array)" : "(" + args.stream().map(FilterProperties::escape)
                    .collect(Collectors.joining(", ")) + ")") + (setter.ordinal() >= 4 && setter != Setter.ENVIRONMENT ? " " + flag : "");
        }
    }

    record BuilderScenario(List<BuilderCall> calls, boolean initParams) {}

    @Property(tries = 1000)
    void builderSettersThrowOnlyIllegalArgumentNamingTheSettingOrNullPointerForNulls(
            @ForAll("builderScenarios") BuilderScenario scenario) throws Exception {
        Statistics.label("call").coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p >= 30);
            coverage.check("illegal").percentage(p -> p >= 15);
            coverage.check("null").percentage(p -> p >= 3);
        });
        SharedSecretFilter.Builder builder = SharedSecretFilter.builder()
                .environment(Map.of("SHARED_SECRET", USABLE, "A", USABLE + "-A")::get);
        boolean failOnMissingSecret = false;
        for (BuilderCall call : scenario.calls()) {
            Path[] paths;
            try {
                paths = call.setter() == Setter.SECRET_FILE ? call.paths() : null;
            } catch (InvalidPathException e) {
                Statistics.label("call").collect("no path");
                continue;
            }
            try {
                call.applyTo(builder, paths);
                Statistics.label("call").collect("accepted");
                if (call.setter() == Setter.FAIL_ON_MISSING_SECRET) {
                    failOnMissingSecret = call.flag();
                }
            } catch (NullPointerException e) {
                Statistics.label("call").collect("null");
                assertTrue(call.hasNull(), () -> "NullPointerException without a null argument: " + e);
            } catch (IllegalArgumentException e) {
                Statistics.label("call").collect("illegal");
                assertTrue(e.getMessage().startsWith("Builder setting [" + call.setting() + "] "),
                        "the message does not name the setting: " + e.getMessage());
            } catch (RuntimeException e) {
                fail(call + " threw " + e, e);
            }
        }
        SharedSecretFilter filter = builder.build();
        FakeFilterConfig config = new FakeFilterConfig("builderProperties");
        if (scenario.initParams()) {
            config.param("headerName", "X-Token");
            ServletException e = assertThrows(ServletException.class, () -> filter.init(config));
            assertEquals("Init parameters [headerName] are not allowed on a filter made by SharedSecretFilter.builder();"
                    + " configure it there", e.getMessage());
            return;
        }
        try {
            filter.init(config);
        } catch (ServletException e) {
            assertTrue(failOnMissingSecret && e.getMessage().startsWith("No usable secret in "), "init threw " + e);
            return;
        } catch (RuntimeException e) {
            fail("init of a built filter threw " + e, e);
        }
        filter.destroy();
    }

    @Provide
    Arbitrary<BuilderScenario> builderScenarios() {
        Arbitrary<BuilderCall> call = Combinators.combine(Arbitraries.of(Setter.class), builderArgs(), Arbitraries.integers().between(0, 30),
                Arbitraries.of(true, false)).as((setter, args, nullArrayDie, flag) -> {
                    List<String> chosen;
                    switch (setter) {
                        case HEADER_NAME: chosen = Collections.singletonList(args.header()); break;
                        case SECRET_ENV: chosen = args.env(); break;
                        case SECRET_FILE: chosen = args.files(); break;
                        case EXCLUDE_PATHS: chosen = args.excludes(); break;
                        default: chosen = List.of(); break;
                    }
                    return new BuilderCall(setter, chosen, nullArrayDie == 0 && setter.ordinal() > 0 && setter.ordinal() < 4, flag);
                });
        return Combinators.combine(call.list().ofMaxSize(6),
                Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))))
                .as(BuilderScenario::new);
    }

    /** Candidate arguments for each setter; the header is a single value. */
    record BuilderArgs(String header, List<String> env, List<String> files, List<String> excludes) {}

    /** Lists may hold nulls (rarely); nothing holds NUL, so {@code Path.of} never throws. */
    static Arbitrary<BuilderArgs> builderArgs() {
        Arbitrary<String> header = headerValue().injectNull(0.05);
        Arbitrary<String> env = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("SHARED_SECRET", "A", "B", "UNSET", "a.b-c_d", "", " ", "A,B", "A B", "$A")),
                Tuple.of(1, Arbitraries.strings().withChars("AB_.-$ ,\u00e9").ofMaxLength(5)),
                Tuple.of(1, FilterProperties.anyString().ofMaxLength(8)));
        Arbitrary<String> file = fileEntry(false);
        Arbitrary<String> exclude = Arbitraries.frequencyOf(
                Tuple.of(3, FilterProperties.pattern()),
                Tuple.of(2, Arbitraries.of("/*", "health", "/a/../b", "/a;b", "/a%2e", "/a\\b", "*", "/", "/a/*/b", "//a",
                        " ", "", "/a/**", "/a,/b")),
                Tuple.of(1, FilterProperties.anyString().ofMaxLength(8)));
        return Combinators.combine(header, env.injectNull(0.03).list().ofMaxSize(3),
                file.injectNull(0.03).list().ofMaxSize(3), exclude.injectNull(0.03).list().ofMaxSize(3))
                .as(BuilderArgs::new);
    }

    // ---------------------------------------------------------------------------------------------
    // Property 4b: the builder and the init-params apply the same rules with the same messages.
    // ---------------------------------------------------------------------------------------------

    record SameRuleScenario(Setter setter, List<String> args) {
        String param() {
            return setter == Setter.HEADER_NAME ? "headerName" : setter == Setter.SECRET_ENV ? "secretEnv" : "excludePaths";
        }

        @Override
        public String toString() {
            return setter + "(" + args.stream().map(FilterProperties::escape).collect(Collectors.joining(", ")) + ")";
        }
    }

    @Property(tries = 600)
    void builderAndInitParamsAcceptTheSameValuesWithTheSameMessages(@ForAll("sameRuleScenarios") SameRuleScenario scenario)
            throws Exception {
        String builderProblem = null;
        SharedSecretFilter.Builder builder = SharedSecretFilter.builder();
        try {
            String[] args = scenario.args().toArray(String[]::new);
            switch (scenario.setter()) {
                case HEADER_NAME: builder.headerName(args[0]); break;
                case SECRET_ENV: builder.secretEnv(args); break;
                default: builder.excludePaths(args); break;
            }
        } catch (IllegalArgumentException e) {
            builderProblem = e.getMessage();
            assertTrue(builderProblem.startsWith("Builder setting ["), builderProblem);
        }
        String initProblem = null;
        SharedSecretFilter filter = new SharedSecretFilter(Map.of("SHARED_SECRET", USABLE)::get);
        try {
            filter.init(new FakeFilterConfig("sameRuleProperties").param(scenario.param(), String.join(",", scenario.args())));
            filter.destroy();
        } catch (ServletException e) {
            initProblem = e.getMessage();
            assertTrue(initProblem.startsWith("Init parameter ["), initProblem);
        }
        Statistics.label("accepted").collect(builderProblem == null);
        assertEquals(builderProblem == null ? null : builderProblem.substring("Builder setting ".length()),
                initProblem == null ? null : initProblem.substring("Init parameter ".length()));
        Statistics.label("accepted").coverage(coverage -> {
            coverage.check(true).percentage(p -> p >= 20);
            coverage.check(false).percentage(p -> p >= 20);
        });
    }

    @Provide
    Arbitrary<SameRuleScenario> sameRuleScenarios() {
        Arbitrary<BuilderArgs> args = builderArgs();
        return Combinators.combine(Arbitraries.of(Setter.HEADER_NAME, Setter.SECRET_ENV, Setter.EXCLUDE_PATHS), args)
                .as((setter, a) -> {
                    List<String> chosen = setter == Setter.HEADER_NAME ? Collections.singletonList(a.header())
                            : setter == Setter.SECRET_ENV ? a.env() : a.excludes();
                    return new SameRuleScenario(setter, chosen);
                })
                // Init-params split on commas and hold no nulls: compare only what both can express.
                .filter(s -> s.args().stream().allMatch(arg -> arg != null && !arg.contains(",")));
    }
}
