package dev.sharedsecret;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fuzz target: configuration. The input is read as a scenario (a filter name; environment
 * variables and the contents of three secret files, all secret-like values; then either an
 * init-param map for {@code web.xml}-style configuration, or builder calls, possibly with nulls,
 * and init-params given to the built filter) and run: every setter call, {@code init}, and
 * {@code destroy} after a successful {@code init}. Invariants, any one broken is a finding:
 * <ol>
 * <li>each step succeeds or fails with the documented exception and message: {@code init} a
 * {@link ServletException} (unknown parameter, malformed parameter naming a given one, no usable
 * secret with {@code failOnMissingSecret}, init-params on a built filter), a setter an
 * {@link IllegalArgumentException} naming its setting or a {@link NullPointerException} for a
 * null argument; nothing else is ever thrown;</li>
 * <li>no message, and not the initialised filter's {@code toString()}, contains a secret value:
 * the scenario is run a second time with every secret value disguised (each character replaced by
 * another of the same kind, so usable stays usable, whitespace stays where it was, and every
 * length is kept), and both runs must produce exactly the same messages; a secret value of 8
 * characters or more that a message of the first run contains is a finding unless the second
 * run's message contains it too (then it is the text of the message or of a setting).</li>
 * </ol>
 * Secret files live in a temporary directory; no other file is read (relative paths are refused
 * by the filter, absolute ones name only that directory).
 *
 * <p>Runs unchanged under Jazzer's command line and OSS-Fuzz ({@code fuzzerTestOneInput}), and as
 * {@code ConfigurationFuzzTest} under JUnit.
 */
public final class ConfigurationFuzzer {
    static final List<String> PARAMS = Settings.PARAMS;
    /** Whole secret-like values the input can pick: usable, padded, short, with a space, non-ASCII, empty, blank. */
    static final List<String> SECRET_POOL = List.of("pool-secret-usable-0123456789abcdef0123456789ab",
            " pool-secret-padded-0123456789abcdef01234567\n", "pool-short-secret",
            "pool-secret-inner space-0123456789abcdef0123456", "pool-s\u00e9cret-latin1-0123456789abcdef01234567",
            "", " \t\n");
    static final List<String> ENV_NAMES = List.of("SHARED_SECRET", "A", "B");
    private static final int FILES = 3;
    private static final int MIN_CHECKED_LENGTH = 8;

    private static Path dir;

    private ConfigurationFuzzer() {}

    public static void fuzzerInitialize() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("ssf-configuration-fuzzer");
        }
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws IOException {
        Scenario scenario = Scenario.read(data, dir);
        List<String> events = scenario.run(dir, false);
        List<String> disguised = scenario.run(dir, true);
        for (String event : events) {
            for (String secret : scenario.secretValues()) {
                String trimmed = Secrets.trim(secret);
                if (trimmed.length() >= MIN_CHECKED_LENGTH && event.contains(trimmed)
                        && disguised.stream().noneMatch(other -> other.contains(trimmed))) {
                    throw new AssertionError("invariant 2 broken: a message contains a configured secret value: "
                            + event.substring(0, event.indexOf(':')));
                }
            }
        }
        if (!events.equals(disguised)) {
            throw new AssertionError("invariant 2 broken: the messages depend on the secret values (not only on"
                    + " whether they are usable): " + firstDifference(events, disguised));
        }
    }

    public static void fuzzerTearDown() throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
            dir = null;
        }
    }

    /** Where two event lists first differ, by step only: the events themselves may hold secrets. */
    private static String firstDifference(List<String> events, List<String> disguised) {
        for (int i = 0; i < Math.min(events.size(), disguised.size()); i++) {
            if (!events.get(i).equals(disguised.get(i))) {
                return "step " + i + " (" + events.get(i).substring(0, events.get(i).indexOf(':')) + ")";
            }
        }
        return events.size() + " steps against " + disguised.size();
    }

    /**
     * {@code value} with each character replaced by the next one of its kind: visible ASCII by
     * visible ASCII, Latin-1 letters and symbols (U+00A0..U+00FF) by the same, other non-ASCII
     * characters below the surrogates by the same; whitespace, controls and surrogates stay. Whether
     * a secret is usable, and what trimming leaves, is thus unchanged.
     */
    static String disguise(String value) {
        StringBuilder disguised = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            disguised.append(next(value.charAt(i)));
        }
        return disguised.toString();
    }

    private static char next(char c) {
        if (c >= 0x21 && c <= 0x7E) {
            return c == 0x7E ? 0x21 : (char) (c + 1);
        }
        if (c >= 0xA0 && c <= 0xFF) {
            return c == 0xFF ? 0xA0 : (char) (c + 1);
        }
        if (c >= 0x100 && c < 0xD800) {
            return c == 0xD7FF ? 0x100 : (char) (c + 1);
        }
        return c;
    }

    /** A builder call: which setter, its arguments (nulls possible), a null array instead, or a flag. */
    record Call(int setter, List<String> args, boolean nullArray, boolean flag) {
        static final String[] SETTINGS = {SharedSecretFilter.PARAM_HEADER_NAME, SharedSecretFilter.PARAM_SECRET_ENV,
            SharedSecretFilter.PARAM_SECRET_FILE, SharedSecretFilter.PARAM_EXCLUDE_PATHS, SharedSecretFilter.PARAM_STRIP_HEADER,
            SharedSecretFilter.PARAM_ALLOW_CORS_PREFLIGHT, SharedSecretFilter.PARAM_FAIL_ON_MISSING_SECRET, "environment"};

        /** Whether a null is passed: {@code environment} always gets one (a lookup is not a value to fuzz). */
        boolean hasNull() {
            return nullArray || args.contains(null) || (setter == 0 && args.isEmpty()) || setter == 7;
        }

        /** Applies the call; an argument {@code Path.of} refuses makes it the caller's problem, and it is skipped. */
        void applyTo(SharedSecretFilter.Builder builder) {
            String[] array = nullArray ? null : args.toArray(String[]::new);
            switch (setter) {
                case 0 -> builder.headerName(args.isEmpty() ? null : args.get(0));
                case 1 -> builder.secretEnv(array);
                case 2 -> {
                    Path[] paths;
                    try {
                        paths = nullArray ? null : args.stream().map(arg -> arg == null ? null : Path.of(arg))
                                .toArray(Path[]::new);
                    } catch (InvalidPathException e) {
                        return;
                    }
                    builder.secretFile(paths);
                }
                case 3 -> builder.excludePaths(array);
                case 4 -> builder.stripHeader(flag);
                case 5 -> builder.allowCorsPreflight(flag);
                case 6 -> builder.failOnMissingSecret(flag);
                default -> builder.environment(null);
            }
        }
    }

    /** Everything one input asks for, read before anything runs, so that both runs do the same. */
    record Scenario(String filterName, Map<String, String> environment, List<byte[]> fileContents, boolean builder,
            Map<String, String> initParams, List<Call> calls) {

        static Scenario read(FuzzedDataProvider data, Path dir) {
            String filterName = data.consumeBoolean() ? "configurationFuzzer" : data.consumeString(16);
            Map<String, String> environment = new LinkedHashMap<>();
            for (int i = data.consumeInt(0, 3); i > 0; i--) {
                String name = data.consumeBoolean() ? data.pickValue(ENV_NAMES) : data.consumeString(8);
                environment.put(name, secretValue(data));
            }
            List<byte[]> fileContents = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                fileContents.add(data.consumeInt(0, 3) == 0 ? null
                        : secretValue(data).getBytes(StandardCharsets.ISO_8859_1));
            }
            boolean builder = data.consumeBoolean();
            Map<String, String> initParams = new LinkedHashMap<>();
            List<Call> calls = new ArrayList<>();
            if (builder) {
                for (int i = data.consumeInt(0, 6); i > 0; i--) {
                    int setter = data.consumeInt(0, Call.SETTINGS.length - 1);
                    List<String> args = new ArrayList<>();
                    for (int j = data.consumeInt(0, 3); j > 0; j--) {
                        args.add(data.consumeInt(0, 15) == 0 ? null : value(data, setter, dir));
                    }
                    calls.add(new Call(setter, args, data.consumeInt(0, 15) == 0, data.consumeBoolean()));
                }
            }
            for (int i = data.consumeInt(0, builder ? 1 : 5); i > 0; i--) {
                int known = data.consumeInt(0, PARAMS.size());
                String name = known < PARAMS.size() ? PARAMS.get(known) : data.consumeString(16);
                initParams.put(name, list(data, PARAMS.indexOf(name), dir));
            }
            return new Scenario(filterName, environment, fileContents, builder, initParams, calls);
        }

        /** A secret-like value: one of the pool, the pool's usable one with anything after it, or anything. */
        private static String secretValue(FuzzedDataProvider data) {
            return switch (data.consumeInt(0, 3)) {
                case 0 -> data.pickValue(SECRET_POOL);
                case 1 -> SECRET_POOL.get(0) + data.consumeString(8);
                case 2 -> data.consumeAsciiString(64);
                default -> data.consumeString(64);
            };
        }

        /** A comma-separated list of {@link #value}s, or anything. */
        private static String list(FuzzedDataProvider data, int setter, Path dir) {
            if (data.consumeInt(0, 4) == 0) {
                return data.consumeString(32);
            }
            List<String> entries = new ArrayList<>();
            for (int i = data.consumeInt(1, 3); i > 0; i--) {
                entries.add(value(data, setter, dir));
            }
            return String.join(data.pickValue(List.of(",", ", ", " , ", ",,")), entries);
        }

        /** A value for a setting; for secret files a path in {@code dir} (or a relative one), never another file. */
        private static String value(FuzzedDataProvider data, int setter, Path dir) {
            if (setter != 2) {
                return data.consumeString(24);
            }
            return switch (data.consumeInt(0, 5)) {
                case 0, 1, 2 -> dir.resolve("file" + data.consumeInt(0, FILES - 1)).toString();
                case 3 -> dir.toString();
                case 4 -> dir + "/" + data.consumeString(12).replace('/', '_');
                default -> data.consumeString(12).replace('/', '_');
            };
        }

        /** The secret-like values: the variables' values and the files' contents. */
        List<String> secretValues() {
            List<String> values = new ArrayList<>(environment.values());
            fileContents.stream().filter(content -> content != null)
                    .forEach(content -> values.add(new String(content, StandardCharsets.ISO_8859_1)));
            return values;
        }

        /**
         * Writes the secret files, runs the scenario and returns what each step did ("step: ok" or
         * "step: exception class: message"). Fails if a step throws what it must not.
         */
        List<String> run(Path dir, boolean disguised) throws IOException {
            for (int i = 0; i < FILES; i++) {
                Path file = dir.resolve("file" + i);
                byte[] content = fileContents.get(i);
                if (content == null) {
                    Files.deleteIfExists(file);
                } else {
                    String text = new String(content, StandardCharsets.ISO_8859_1);
                    Files.write(file, (disguised ? disguise(text) : text).getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            Map<String, String> env = new LinkedHashMap<>();
            environment.forEach((name, value) -> env.put(name, disguised ? disguise(value) : value));
            List<String> events = new ArrayList<>();
            SharedSecretFilter filter;
            boolean failOnMissingSecret = "true".equals(initParams.getOrDefault(SharedSecretFilter.PARAM_FAIL_ON_MISSING_SECRET, "").strip());
            if (builder) {
                SharedSecretFilter.Builder builder = SharedSecretFilter.builder().environment(env::get);
                failOnMissingSecret = false;
                for (Call call : calls) {
                    String step = Call.SETTINGS[call.setter()];
                    try {
                        call.applyTo(builder);
                        events.add(step + ": ok");
                        failOnMissingSecret = call.setter() == 6 ? call.flag() : failOnMissingSecret;
                    } catch (IllegalArgumentException e) {
                        expect(e.getMessage().startsWith("Builder setting [" + step + "] "), step, e);
                        events.add(step + ": " + e);
                    } catch (NullPointerException e) {
                        expect(call.hasNull(), step, e);
                        events.add(step + ": " + e);
                    } catch (RuntimeException e) {
                        expect(false, step, e);
                    }
                }
                filter = builder.build();
            } else {
                filter = new SharedSecretFilter(env::get);
            }
            FakeFilterConfig config = new FakeFilterConfig(filterName);
            initParams.forEach(config::param);
            try {
                filter.init(config);
            } catch (ServletException e) {
                expect(documentedInitFailure(e.getMessage(), failOnMissingSecret), "init", e);
                events.add("init: " + e);
                return events;
            } catch (RuntimeException e) {
                expect(false, "init", e);
            }
            try {
                events.add("init: ok " + filter);
            } finally {
                filter.destroy();
            }
            return events;
        }

        /** The documented ways {@code init} fails, as {@code ConfigurationProperties} checks them too. */
        private boolean documentedInitFailure(String message, boolean failOnMissingSecret) {
            if (builder && !initParams.isEmpty()) {
                return message.equals("Init parameters " + List.copyOf(initParams.keySet())
                        + " are not allowed on a filter made by SharedSecretFilter.builder(); configure it there");
            }
            String unknown = initParams.keySet().stream().filter(name -> !PARAMS.contains(name)).findFirst().orElse(null);
            if (unknown != null) {
                return message.equals("Unknown init parameter [" + unknown + "]; the known parameters are " + PARAMS);
            }
            return initParams.keySet().stream().anyMatch(name -> message.startsWith("Init parameter [" + name + "] "))
                    || (failOnMissingSecret && message.startsWith("No usable secret in ")
                            && message.endsWith("; failing deployment because [failOnMissingSecret] is [true]"));
        }

        private static void expect(boolean documented, String step, Exception e) {
            if (!documented) {
                // The class only: the message may be what leaks.
                StackTraceElement[] frames = e.getStackTrace();
                throw new AssertionError("invariant 1 broken: " + step + " threw an undocumented "
                        + e.getClass().getName() + (frames.length > 0 ? " at " + frames[0] : ""));
            }
        }
    }
}
