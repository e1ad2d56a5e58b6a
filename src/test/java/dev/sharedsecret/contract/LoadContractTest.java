package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.HardeningFixture.ENV_SECRET;
import static dev.sharedsecret.contract.HardeningFixture.FILE_SECRET;
import static dev.sharedsecret.contract.HardeningFixture.ROTATED_FILE_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sharedsecret.SharedSecretFilter;
import dev.sharedsecret.contract.KeepAliveConnection.Response;
import dev.sharedsecret.testlog.CapturedLogs;
import dev.sharedsecret.testlog.SentValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gate of {@link HardeningFixture} under concurrent load over real HTTP, on keep-alive
 * connections ({@link KeepAliveConnection}): every answer is judged, none may be wrong.
 *
 * <ol>
 * <li>A mixed load: {@value #CLIENTS} clients send {@value #MIXED_REQUESTS} requests, each at random
 * one of: a valid secret (the file's or the variable's, the header name in any case), expecting 200
 * and the probe's body naming the matching source; no secret (no header, an empty or blank value),
 * expecting 401 {@code No secret provided}; an invalid secret, expecting 401 {@code Invalid secret};
 * the header sent twice (whatever the values), expecting 401 {@code Invalid secret}. No 5xx and no
 * ERROR log line may appear.</li>
 * <li>Rotation under load: the same clients run while the secret file is rotated again and again,
 * each new secret put in place atomically (a temporary file renamed over the old one; then, as
 * Kubernetes does, a new directory, a link renamed over {@code ..data}, the old directory removed),
 * which drops the old secret; and while the file is deleted and restored, with the same secret or a
 * new one. The variable's secret is valid throughout; garbage
 * never; a newly written file secret may be refused only from its write until it is first seen
 * accepted (at most {@link #PROPAGATION_LIMIT} later), and after that only once the write that
 * replaces it has begun; a replaced secret must be refused once its replacement was seen accepted.
 * Deleting the file keeps its last good secret. These expectations hang on explicit markers the
 * operator thread sets (the write has begun, the secret was seen accepted), never on timing.</li>
 * </ol>
 *
 * <p>Throughput is printed, never asserted. Every wait has a deadline and fails rather than hangs.
 */
@Tag("load")
@ParameterizedClass(name = "{0}", allowZeroInvocations = true)
@MethodSource("loadContainers")
class LoadContractTest {
    static final int CLIENTS = 64;
    static final int MIXED_REQUESTS = 200_000;
    /** The mixed load must be done by then, or the test fails. */
    private static final Duration LOAD_DEADLINE = Duration.ofSeconds(120);
    /** The whole rotation test must be done by then, or the test fails. */
    private static final Duration ROTATION_DEADLINE = Duration.ofSeconds(90);
    /** A rotated-in secret must be accepted within this time of its write. */
    private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(5);
    /** The deletion or restoration of the file must be noticed (its log line) within this time. */
    private static final Duration NOTICE_LIMIT = Duration.ofSeconds(10);
    /** Requests the clients complete in each rotation phase once its marker is reached. */
    private static final int REQUESTS_PER_STEP = 3_000;
    /** More transport errors than this abort a load early: the server is gone. */
    private static final int MAX_TRANSPORT_ERRORS = 100;
    private static final int MAX_EXAMPLES = 10;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long LOG_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private static final String HEADER = SharedSecretFilter.DEFAULT_HEADER_NAME;
    private static final String TARGET_IN_CONTEXT = "/protected/load";
    private static final String NO_SECRET = "{\"error\":\"No secret provided\"}";
    private static final String INVALID = "{\"error\":\"Invalid secret\"}";
    private static final String WRONG_SECRET = "wrong-secret-load-ffffffffffffffffffffffffffffffff";
    /** Invalid values, by label: a small fixed pool (every value sent is checked against every log line). */
    private static final Map<String, String> INVALID_VALUES = invalidValues();

    /** The container under load: one Jetty and one Tomcat. */
    @Parameter
    Container container;

    static Stream<Container> loadContainers() {
        return Containers.named("Jetty 12.1 ee10", "Tomcat 11.0");
    }

    /**
     * Starts the gate, registered in code: secret A ({@link HardeningFixture#FILE_SECRET}) in
     * {@code secretFile}, secret B ({@link HardeningFixture#ENV_SECRET}) in the variable
     * {@link HardeningFixture#CODE_ENV}.
     */
    private Deployment startGate(Path secretFile) throws Exception {
        return container.deploy(HardeningFixture.CONTEXT_PATH, HardeningFixture.gate(HardeningFixture.gateFilter(secretFile)));
    }

    private enum Kind { VALID, MISSING, INVALID, DUPLICATE }

    /** One prepared request and what it must get: a probe body naming {@code source}, or a rejection body. */
    private record Variant(Kind kind, String label, byte[] request, String source, String rejection) {}

    // ---- 1. mixed load ----

    @Test
    void answersEveryRequestOfAMixedLoadCorrectly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gate-secret");
        HardeningFixture.writeSecret(file, FILE_SECRET);
        recordSentValues();
        try (Deployment gate = startGate(file)) {
            List<Variant> variants = mixedVariants(gate, "file:" + file, envSource());
            Map<Kind, List<Variant>> byKind = new EnumMap<>(Kind.class);
            variants.forEach(v -> byKind.computeIfAbsent(v.kind(), k -> new ArrayList<>()).add(v));
            checkEachVariantOnce(gate, variants);

            long seed = new SecureRandom().nextLong();
            LongAdder[] sent = adders(Kind.values().length);
            LongAdder[] wrong = adders(Kind.values().length);
            LongAdder serverErrors = new LongAdder();
            LongAdder transportErrors = new LongAdder();
            LongAdder connections = new LongAdder();
            Queue<String> examples = new ConcurrentLinkedQueue<>();
            AtomicLong tickets = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(CLIENTS);
            AtomicBoolean abort = new AtomicBoolean();
            long deadline = System.nanoTime() + LOAD_DEADLINE.toNanos();

            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                SplittableRandom random = new SplittableRandom(seed + c);
                Thread client = new Thread(() -> {
                    try (KeepAliveConnection connection = new KeepAliveConnection(gate.port())) {
                        start.await();
                        while (!abort.get() && tickets.getAndIncrement() < MIXED_REQUESTS
                                && System.nanoTime() - deadline < 0) {
                            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                            List<Variant> ofKind = byKind.get(kind);
                            Variant variant = ofKind.get(random.nextInt(ofKind.size()));
                            sent[kind.ordinal()].increment();
                            Response response;
                            try {
                                response = connection.exchange(variant.request());
                            } catch (IOException e) {
                                transportErrors.increment();
                                example(examples, variant.label() + ": " + e);
                                if (transportErrors.sum() > MAX_TRANSPORT_ERRORS) {
                                    abort.set(true);
                                }
                                continue;
                            }
                            if (response.status() >= 500) {
                                serverErrors.increment();
                            }
                            if (!answersAsExpected(variant, response)) {
                                wrong[kind.ordinal()].increment();
                                example(examples, variant.label() + " answered " + response.brief());
                            }
                        }
                        connections.add(connection.opened());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                }, "load-client-" + c);
                client.setDaemon(true);
                clients.add(client);
                client.start();
            }

            int logStart = CapturedLogs.all().size();
            long began = System.nanoTime();
            start.countDown();
            // Clients stop at the deadline; a read blocked then ends within the socket timeout.
            boolean finished = done.await(LOAD_DEADLINE.toSeconds() + 15, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - began;
            if (!finished) {
                abort.set(true);
            }
            List<CapturedLogs.Line> logged = linesSince(logStart);

            long requests = total(sent);
            long wrongTotal = total(wrong);
            List<String> errors = logged.stream().filter(line -> line.level().equals("ERROR"))
                    .map(CapturedLogs.Line::toString).collect(Collectors.toList());
            long rejectionLines = logged.stream().filter(line -> line.level().equals("DEBUG")
                    && line.logger().equals(SharedSecretFilter.class.getName()) && line.text().startsWith("Rejected "))
                    .count();
            long rejected = requests - sent[Kind.VALID.ordinal()].sum();
            double seconds = elapsed / 1e9;
            System.out.println(String.format(Locale.ROOT,
                    "[%s] mixed load: %d requests from %d clients on %d connection(s); valid %d, missing %d,"
                            + " invalid %d, duplicated %d; wrong answers %d (valid %d, missing %d, invalid %d,"
                            + " duplicated %d); 5xx %d; transport errors %d; ERROR lines %d; DEBUG rejection lines %d"
                            + " for %d rejected; %.0f requests/s; elapsed %.1f s; seed %d",
                    container.name(), requests, CLIENTS, connections.sum(),
                    sent[0].sum(), sent[1].sum(), sent[2].sum(), sent[3].sum(),
                    wrongTotal, wrong[0].sum(), wrong[1].sum(), wrong[2].sum(), wrong[3].sum(),
                    serverErrors.sum(), transportErrors.sum(), errors.size(), rejectionLines, rejected,
                    requests / seconds, seconds, seed));

            assertTrue(finished, "the clients did not stop within " + LOAD_DEADLINE.toSeconds() + " s + 15 s");
            assertEquals(0, wrongTotal, () -> "wrong answers, for instance: " + examples);
            assertEquals(0, serverErrors.sum(), () -> "5xx answers, for instance: " + examples);
            assertEquals(0, transportErrors.sum(), () -> "transport errors, for instance: " + examples);
            assertEquals(MIXED_REQUESTS, requests, "not all requests were sent before the deadline of "
                    + LOAD_DEADLINE.toSeconds() + " s");
            for (Kind kind : Kind.values()) {
                assertTrue(sent[kind.ordinal()].sum() > 0, "no " + kind + " request was sent");
            }
            assertEquals(List.of(), errors, "ERROR log lines during the load");
            assertEquals(rejected, rejectionLines, "one DEBUG line per rejected request");
        }
    }

    /** Every kind of request, with its expected answer, prepared as bytes. */
    private static List<Variant> mixedVariants(Deployment gate, String fileSource, String envSource) {
        int port = gate.port();
        String target = gate.path(TARGET_IN_CONTEXT);
        List<Variant> variants = new ArrayList<>();
        for (String name : List.of(HEADER, HEADER.toLowerCase(Locale.ROOT), HEADER.toUpperCase(Locale.ROOT))) {
            variants.add(new Variant(Kind.VALID, "file secret as " + name,
                    KeepAliveConnection.request(port, target, name, FILE_SECRET), fileSource, null));
            variants.add(new Variant(Kind.VALID, "variable's secret as " + name,
                    KeepAliveConnection.request(port, target, name, ENV_SECRET), envSource, null));
        }
        variants.add(new Variant(Kind.MISSING, "no header", KeepAliveConnection.request(port, target), null, NO_SECRET));
        variants.add(new Variant(Kind.MISSING, "empty value",
                KeepAliveConnection.request(port, target, HEADER, ""), null, NO_SECRET));
        variants.add(new Variant(Kind.MISSING, "blank value",
                KeepAliveConnection.request(port, target, HEADER, " \t "), null, NO_SECRET));
        INVALID_VALUES.forEach((label, value) -> variants.add(new Variant(Kind.INVALID, label,
                KeepAliveConnection.request(port, target, HEADER, value), null, INVALID)));
        String lower = HEADER.toLowerCase(Locale.ROOT);
        String[][] duplicated = {
            {"both the file secret", HEADER, FILE_SECRET, HEADER, FILE_SECRET},
            {"file secret, then the variable's", HEADER, FILE_SECRET, HEADER, ENV_SECRET},
            {"file secret, then a wrong one", HEADER, FILE_SECRET, HEADER, WRONG_SECRET},
            {"a wrong one, then the variable's", HEADER, WRONG_SECRET, HEADER, ENV_SECRET},
            {"file secret, then empty", HEADER, FILE_SECRET, HEADER, ""},
            {"empty, then the variable's", HEADER, "", HEADER, ENV_SECRET},
            {"both empty", HEADER, "", HEADER, ""},
            {"names in different case", HEADER, ENV_SECRET, lower, ENV_SECRET},
            {"three times", HEADER, FILE_SECRET, lower, FILE_SECRET, HEADER, FILE_SECRET},
        };
        for (String[] d : duplicated) {
            String[] namesAndValues = Arrays.copyOfRange(d, 1, d.length);
            byte[] request = KeepAliveConnection.request(port, target, namesAndValues);
            // The whole point: the header field really is on the wire more than once.
            String wire = new String(request, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            int lines = wire.split("\r\n" + lower + ": ", -1).length - 1;
            if (lines != namesAndValues.length / 2) {
                throw new AssertionError("duplicated request [" + d[0] + "] carries " + lines + " header lines");
            }
            variants.add(new Variant(Kind.DUPLICATE, "header " + (namesAndValues.length / 2) + " times: " + d[0],
                    request, null, INVALID));
        }
        return variants;
    }

    /**
     * Sends each variant once, one after another on one connection, before the load: a variant the
     * server answers unexpectedly even alone fails here, with its label.
     */
    private static void checkEachVariantOnce(Deployment gate, List<Variant> variants) throws IOException {
        try (KeepAliveConnection connection = new KeepAliveConnection(gate.port())) {
            for (Variant variant : variants) {
                Response response = connection.exchange(variant.request());
                if (!answersAsExpected(variant, response)) {
                    fail("[" + variant.label() + "] alone: " + response.brief());
                }
            }
        }
    }

    private static boolean answersAsExpected(Variant variant, Response response) {
        return variant.kind() == Kind.VALID ? isProbe(response, variant.source())
                : isRejection(response, variant.rejection());
    }

    /** 200 from the probe, which saw the matching source and no secret header. */
    private static boolean isProbe(Response response, String source) {
        String body = response.body();
        return response.status() == 200 && body.startsWith("{" + ProbeServlet.MARKER)
                && body.contains(",\"source\":\"" + source + "\",")
                && body.contains("\"getHeaderNames:secret\":false")
                && response.wwwAuthenticate() == null;
    }

    /** The filter's 401 with exactly this JSON body and the headers every rejection carries. */
    private static boolean isRejection(Response response, String body) {
        return response.status() == 401 && body.equals(response.body())
                && "SharedSecret".equals(response.wwwAuthenticate())
                && "no-store".equals(response.cacheControl())
                && isJsonUtf8(response.contentType());
    }

    private static boolean isJsonUtf8(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).replace(" ", "").replace("\"", "")
                .equals("application/json;charset=utf-8");
    }

    // ---- 2. rotation under load ----

    /** One secret the file held, and the markers that decide what answers it may get. */
    private static final class Generation {
        static final long NOT_YET = Long.MIN_VALUE;

        final int number;
        final String secret;
        final byte[] request;
        final byte[] duplicated;
        /** {@link System#nanoTime()} when its write began; set before the write. */
        volatile long writeStarted = NOT_YET;
        /** When a client first saw it accepted (the response had arrived); {@link #NOT_YET} until then. */
        final AtomicLong firstAccepted = new AtomicLong(NOT_YET);
        /** The generation whose write replaces it; set before that write begins. */
        volatile Generation successor;
        final LongAdder rejectedInWindow = new LongAdder();

        Generation(int number, String secret, int port, String target) {
            this.number = number;
            this.secret = secret;
            this.request = KeepAliveConnection.request(port, target, HEADER, secret);
            this.duplicated = KeepAliveConnection.request(port, target, HEADER, secret, HEADER, ENV_SECRET);
        }

        boolean accepted() {
            return firstAccepted.get() != NOT_YET;
        }

        @Override
        public String toString() {
            return "gen" + number;
        }
    }

    /** A stretch of the rotation between two operator steps, for the summary. */
    private record Phase(String label, LongAdder requests) {
        Phase(String label) {
            this(label, new LongAdder());
        }
    }

    private enum RotationKind { ENV, CURRENT, OLDER, GARBAGE, MISSING, DUPLICATE }

    /** What the rotation test's clients and operator share. */
    private static final class Rotation {
        final int port;
        final String target;
        final String fileSource;
        final String envSource;
        final long deadline = System.nanoTime() + ROTATION_DEADLINE.toNanos();
        /** The newest generation (the one written last); {@link #generations} holds all so far. */
        volatile Generation current;
        volatile List<Generation> generations = List.of();
        volatile Phase phase;
        final List<Phase> phases = new ArrayList<>();
        volatile boolean stop;
        final LongAdder[] sent = adders(RotationKind.values().length);
        final LongAdder completed = new LongAdder();
        final LongAdder wrong = new LongAdder();
        final LongAdder serverErrors = new LongAdder();
        final LongAdder transportErrors = new LongAdder();
        final LongAdder olderAcceptedBeforeReplacementSeen = new LongAdder();
        final LongAdder olderRejectedAfterReplacementSeen = new LongAdder();
        final Queue<String> examples = new ConcurrentLinkedQueue<>();
        final List<byte[]> garbage = new ArrayList<>();
        byte[] missing;
        byte[] envRequest;
        byte[] envTwice;

        Rotation(int port, String target, String fileSource, String envSource) {
            this.port = port;
            this.target = target;
            this.fileSource = fileSource;
            this.envSource = envSource;
        }

        void wrong(String what) {
            example(examples, what + " (in phase " + phase.label() + ")");
            wrong.increment(); // after the example, so that whoever sees the count sees an example
        }
    }

    @Test
    void neverMisjudgesASecretWhileTheFileIsRotatedUnderLoad(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gate-secret");
        HardeningFixture.writeSecret(file, FILE_SECRET);
        recordSentValues();
        try (Deployment gate = startGate(file)) {
            Rotation rotation = new Rotation(gate.port(), gate.path(TARGET_IN_CONTEXT), "file:" + file, envSource());
            rotation.envRequest = KeepAliveConnection.request(rotation.port, rotation.target, HEADER, ENV_SECRET);
            rotation.envTwice = KeepAliveConnection.request(rotation.port, rotation.target, HEADER, ENV_SECRET,
                    HEADER, ENV_SECRET);
            rotation.missing = KeepAliveConnection.request(rotation.port, rotation.target);
            for (String value : INVALID_VALUES.values()) {
                rotation.garbage.add(KeepAliveConnection.request(rotation.port, rotation.target, HEADER, value));
            }
            Generation first = new Generation(0, FILE_SECRET, rotation.port, rotation.target);
            rotation.current = first;
            rotation.generations = List.of(first);
            enter(rotation, "gen0 loaded at init");
            // gen0 was loaded at init: it is guaranteed valid from the first request on.
            try (KeepAliveConnection connection = new KeepAliveConnection(rotation.port)) {
                judge(rotation, RotationKind.CURRENT, first, connection.exchange(first.request));
                judge(rotation, RotationKind.ENV, null, connection.exchange(rotation.envRequest));
            }
            assertTrue(first.accepted() && rotation.wrong.sum() == 0,
                    () -> "the secret loaded at init is not accepted: " + rotation.examples);

            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                SplittableRandom random = new SplittableRandom(c * 0x9E3779B97F4A7C15L ^ System.nanoTime());
                Thread client = new Thread(() -> rotationClient(rotation, random), "rotation-client-" + c);
                client.setDaemon(true);
                clients.add(client);
            }
            int logStart = CapturedLogs.all().size();
            long began = System.nanoTime();
            int deletions = 0;
            clients.forEach(Thread::start);
            try {
                awaitRequests(rotation, REQUESTS_PER_STEP);
                rotateByRename(rotation, file, 1);
                rotateByRename(rotation, file, 2);
                delete(rotation, file);
                deletions++;
                restoreUnchanged(rotation, file);
                rotateByRename(rotation, file, 3);
                delete(rotation, file);
                deletions++;
                rotateByRename(rotation, file, 4); // the file comes back with a new secret
                rotateLikeKubernetes(rotation, file, 5); // the regular file becomes a link into ..data
                rotateLikeKubernetes(rotation, file, 6);
                rotateLikeKubernetes(rotation, file, 7);
            } finally {
                rotation.stop = true;
                for (Thread client : clients) {
                    client.join(TimeUnit.SECONDS.toMillis(15));
                }
                long elapsed = System.nanoTime() - began;
                System.out.println(rotationSummary(container.name(), rotation, deletions, elapsed));
            }
            for (Thread client : clients) {
                assertFalse(client.isAlive(), client.getName() + " did not stop");
            }
            List<String> errors = linesSince(logStart).stream().filter(line -> line.level().equals("ERROR"))
                    .map(CapturedLogs.Line::toString).collect(Collectors.toList());

            assertEquals(0, rotation.wrong.sum(), () -> "wrong answers, for instance: " + rotation.examples);
            assertEquals(0, rotation.serverErrors.sum(), "5xx answers");
            assertEquals(0, rotation.transportErrors.sum(), () -> "transport errors: " + rotation.examples);
            for (Generation generation : rotation.generations) {
                assertTrue(generation.accepted(), generation + " was never accepted");
            }
            for (RotationKind kind : RotationKind.values()) {
                assertTrue(rotation.sent[kind.ordinal()].sum() > 0, "no " + kind + " request was sent");
            }
            assertTrue(rotation.olderRejectedAfterReplacementSeen.sum() > 0,
                    "no replaced secret was sent after its replacement was accepted: the drop went unchecked");
            assertEquals(List.of(), errors, "ERROR log lines during the rotation");
        }
    }

    /** One client of the rotation test: a keep-alive connection, random requests until told to stop. */
    private static void rotationClient(Rotation rotation, SplittableRandom random) {
        try (KeepAliveConnection connection = new KeepAliveConnection(rotation.port)) {
            while (!rotation.stop && System.nanoTime() - rotation.deadline < 0) {
                if (rotation.transportErrors.sum() > MAX_TRANSPORT_ERRORS) {
                    return;
                }
                Generation current = rotation.current;
                List<Generation> generations = rotation.generations;
                int roll = random.nextInt(10);
                RotationKind kind = roll < 2 ? RotationKind.ENV : roll < 5 ? RotationKind.CURRENT
                        : roll < 7 ? RotationKind.OLDER : roll < 8 ? RotationKind.GARBAGE
                        : roll < 9 ? RotationKind.MISSING : RotationKind.DUPLICATE;
                Generation generation = null;
                byte[] request;
                switch (kind) {
                    case ENV:
                        request = random.nextBoolean() ? rotation.envRequest : rotation.envTwice;
                        kind = request == rotation.envRequest ? RotationKind.ENV : RotationKind.DUPLICATE;
                        break;
                    case CURRENT:
                        generation = current;
                        request = generation.request;
                        break;
                    case OLDER:
                        if (generations.size() < 2) {
                            kind = RotationKind.CURRENT;
                            generation = current;
                        } else {
                            generation = generations.get(random.nextInt(generations.size() - 1));
                        }
                        request = generation.request;
                        break;
                    case GARBAGE:
                        request = rotation.garbage.get(random.nextInt(rotation.garbage.size()));
                        break;
                    case MISSING:
                        request = rotation.missing;
                        break;
                    default:
                        request = current.duplicated;
                        break;
                }
                rotation.phase.requests().increment();
                rotation.sent[kind.ordinal()].increment();
                // The markers as they were when the request was sent.
                boolean acceptedBefore = generation != null && generation.accepted();
                Generation successorBefore = generation == null ? null : generation.successor;
                boolean replacementSeenBefore = successorBefore != null && successorBefore.accepted();
                Response response;
                try {
                    response = connection.exchange(request);
                } catch (IOException e) {
                    rotation.transportErrors.increment();
                    example(rotation.examples, kind + ": " + e);
                    continue;
                }
                if (generation == null) {
                    judge(rotation, kind, null, response);
                } else {
                    judgeFileSecret(rotation, kind, generation, acceptedBefore, replacementSeenBefore, response);
                }
                rotation.completed.increment();
            }
        }
    }

    /** Judges an answer to a request that carries no file secret, or the sequential checks at the start. */
    private static void judge(Rotation rotation, RotationKind kind, Generation generation, Response response) {
        if (response.status() >= 500) {
            rotation.serverErrors.increment();
        }
        switch (kind) {
            case ENV:
                if (!isProbe(response, rotation.envSource)) {
                    rotation.wrong("the variable's secret answered " + response.brief());
                }
                break;
            case GARBAGE:
            case DUPLICATE:
                if (!isRejection(response, INVALID)) {
                    rotation.wrong(kind + " answered " + response.brief());
                }
                break;
            case MISSING:
                if (!isRejection(response, NO_SECRET)) {
                    rotation.wrong("no header answered " + response.brief());
                }
                break;
            default:
                judgeFileSecret(rotation, kind, generation, generation.accepted(), false, response);
                break;
        }
    }

    /**
     * Judges an answer to a request carrying a file secret of {@code generation}.
     *
     * @param acceptedBefore        whether it had been seen accepted when the request was sent
     * @param replacementSeenBefore whether its successor had been seen accepted when the request was sent
     */
    private static void judgeFileSecret(Rotation rotation, RotationKind kind, Generation generation,
            boolean acceptedBefore, boolean replacementSeenBefore, Response response) {
        if (response.status() >= 500) {
            rotation.serverErrors.increment();
        }
        if (response.status() == 200) {
            if (!isProbe(response, rotation.fileSource)) {
                rotation.wrong(generation + " answered 200 without the probe naming the file: " + response.brief());
            } else if (replacementSeenBefore) {
                rotation.wrong(generation + " accepted after its replacement " + generation.successor
                        + " was seen accepted");
            } else {
                generation.firstAccepted.compareAndSet(Generation.NOT_YET, System.nanoTime());
                if (generation.successor != null) {
                    rotation.olderAcceptedBeforeReplacementSeen.increment();
                }
            }
        } else if (isRejection(response, INVALID)) {
            if (replacementSeenBefore) {
                rotation.olderRejectedAfterReplacementSeen.increment();
            } else if (!acceptedBefore) {
                generation.rejectedInWindow.increment(); // between its write and its first acceptance
            } else if (generation.successor == null) {
                rotation.wrong(generation + " (" + kind + ") rejected after it was seen accepted,"
                        + " and no write replacing it had begun");
            }
        } else {
            rotation.wrong(generation + " (" + kind + ") answered " + response.brief());
        }
    }

    /** How a rotation puts the new secret in place. */
    @FunctionalInterface
    private interface SecretWriter {
        void write(Path file, String secret) throws IOException;
    }

    /**
     * The plain way: the new secret goes into a temporary file beside the old one, which is renamed
     * over it (ATOMIC_MOVE); the rename removes the old file.
     */
    private static void rotateByRename(Rotation rotation, Path file, int number) throws IOException {
        rotate(rotation, file, number, "rename", HardeningFixture::rotateSecret);
    }

    /**
     * Kubernetes' way (its AtomicWriter): the secret file is a link to {@code ..data/<name>}; the new
     * secret goes into a fresh directory, a temporary link to it is renamed over {@code ..data}
     * (ATOMIC_MOVE), and then the old directory is removed. The first time, the regular file is
     * replaced by the link in one rename.
     */
    private static void rotateLikeKubernetes(Rotation rotation, Path file, int number) throws IOException {
        rotate(rotation, file, number, "kubernetes", (path, secret) -> {
            Path dir = path.getParent();
            Path data = dir.resolve("..data");
            Path version = Files.createDirectory(dir.resolve("..version-" + number));
            HardeningFixture.writeSecret(version.resolve(path.getFileName()), secret);
            Path oldVersion = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
            Path dataLink = Files.createSymbolicLink(dir.resolve("..data_tmp"), version.getFileName());
            Files.move(dataLink, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (!Files.isSymbolicLink(path)) {
                Path fileLink = Files.createSymbolicLink(dir.resolve(path.getFileName() + ".link_tmp"),
                        Path.of("..data").resolve(path.getFileName()));
                Files.move(fileLink, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            if (oldVersion != null) {
                TempFiles.deleteRecursively(oldVersion);
            }
        });
    }

    /**
     * Writes generation {@code number} with {@code writer} and awaits its first acceptance, which
     * must come within {@link #PROPAGATION_LIMIT} of the write.
     */
    private static void rotate(Rotation rotation, Path file, int number, String how, SecretWriter writer)
            throws IOException {
        Generation replaced = rotation.current;
        Generation next = new Generation(number, newSecret(number), rotation.port, rotation.target);
        SentValues.record(next.secret);
        enter(rotation, "rotate (" + how + ") " + replaced + " -> " + next);
        replaced.successor = next; // from here on the replaced secret may be refused
        List<Generation> all = new ArrayList<>(rotation.generations);
        all.add(next);
        rotation.generations = List.copyOf(all);
        rotation.current = next; // clients send it from now on; refusals are allowed until it is seen accepted
        next.writeStarted = System.nanoTime();
        writer.write(file, next.secret);
        String what = next + " accepted within " + PROPAGATION_LIMIT.toSeconds() + " s of its write";
        // Polled a little beyond the limit; the limit itself is checked on the clients' own timestamp.
        await(rotation, next.writeStarted + PROPAGATION_LIMIT.toNanos() + POLL_NANOS * 100, POLL_NANOS,
                next::accepted, what);
        long propagation = next.firstAccepted.get() - next.writeStarted;
        assertTrue(propagation <= PROPAGATION_LIMIT.toNanos(),
                () -> what + ", but it took " + TimeUnit.NANOSECONDS.toMillis(propagation) + " ms");
        enter(rotation, next + " accepted");
        awaitRequests(rotation, REQUESTS_PER_STEP);
    }

    /** Deletes the file and awaits the filter's notice; its last good secret stays valid. */
    private static void delete(Rotation rotation, Path file) throws IOException {
        String notice = "Secret file [" + file + "] is missing; keeping its last good secret";
        int before = count("WARN", notice);
        enter(rotation, "file deleted, " + rotation.current + " kept");
        Files.delete(file);
        await(rotation, System.nanoTime() + NOTICE_LIMIT.toNanos(), LOG_POLL_NANOS,
                () -> count("WARN", notice) > before, "the filter to log [" + notice + "]");
        enter(rotation, "file deletion noticed, " + rotation.current + " kept");
        awaitRequests(rotation, REQUESTS_PER_STEP);
    }

    /** Puts the current secret back into the deleted file and awaits the filter's notice. */
    private static void restoreUnchanged(Rotation rotation, Path file) throws IOException {
        String notice = "Secret file [" + file + "] holds its secret again";
        int before = count("INFO", notice);
        enter(rotation, "file restored with " + rotation.current);
        HardeningFixture.rotateSecret(file, rotation.current.secret);
        await(rotation, System.nanoTime() + NOTICE_LIMIT.toNanos(), LOG_POLL_NANOS,
                () -> count("INFO", notice) > before, "the filter to log [" + notice + "]");
        enter(rotation, "file restoration noticed");
        awaitRequests(rotation, REQUESTS_PER_STEP);
    }

    private static void enter(Rotation rotation, String label) {
        Phase phase = new Phase(label);
        synchronized (rotation.phases) {
            rotation.phases.add(phase);
        }
        rotation.phase = phase;
    }

    private static void awaitRequests(Rotation rotation, int requests) {
        long target = rotation.completed.sum() + requests;
        await(rotation, rotation.deadline, POLL_NANOS, () -> rotation.completed.sum() >= target,
                requests + " more requests in phase [" + rotation.phase.label() + "]");
    }

    /**
     * Polls {@code condition} until it holds; fails at the first wrong answer, at {@code limit}, or
     * at the test's deadline.
     */
    private static void await(Rotation rotation, long limit, long pollNanos, BooleanSupplier condition, String what) {
        while (!condition.getAsBoolean()) {
            if (rotation.wrong.sum() > 0) {
                fail(rotation.wrong.sum() + " wrong answer(s) while waiting for " + what + ", for instance: "
                        + rotation.examples);
            }
            if (rotation.transportErrors.sum() > 0) {
                fail("transport errors while waiting for " + what + ": " + rotation.examples);
            }
            long now = System.nanoTime();
            if (now - limit > 0 || now - rotation.deadline > 0) {
                fail("not in time: " + what);
            }
            LockSupport.parkNanos(pollNanos);
        }
    }

    private static String rotationSummary(String label, Rotation rotation, int deletions, long elapsed) {
        List<Generation> generations = rotation.generations;
        String propagation = generations.stream().skip(1)
                .map(g -> g + " " + (g.accepted() && g.writeStarted != Generation.NOT_YET
                        ? TimeUnit.NANOSECONDS.toMillis(g.firstAccepted.get() - g.writeStarted) + " ms"
                        : "never") + " (" + g.rejectedInWindow.sum() + " refused before)")
                .collect(Collectors.joining(", "));
        String phases;
        synchronized (rotation.phases) {
            phases = rotation.phases.stream().map(p -> p.label() + ": " + p.requests().sum())
                    .collect(Collectors.joining("; "));
        }
        LongAdder[] sent = rotation.sent;
        long requests = total(sent);
        double seconds = elapsed / 1e9;
        return String.format(Locale.ROOT,
                "[%s] rotation under load: %d requests from %d clients (variable's secret %d, current file secret %d,"
                        + " older file secrets %d, garbage %d, missing %d, duplicated %d); %d rotations, %d deletions;"
                        + " write to first acceptance: %s; replaced secrets accepted before the replacement was seen %d,"
                        + " refused after %d; wrong answers %d; 5xx %d; transport errors %d; %.0f requests/s;"
                        + " elapsed %.1f s; requests per phase: %s",
                label, requests, CLIENTS,
                sent[0].sum(), sent[1].sum(), sent[2].sum(), sent[3].sum(), sent[4].sum(), sent[5].sum(),
                generations.size() - 1, deletions, propagation, rotation.olderAcceptedBeforeReplacementSeen.sum(),
                rotation.olderRejectedAfterReplacementSeen.sum(), rotation.wrong.sum(), rotation.serverErrors.sum(),
                rotation.transportErrors.sum(), requests / seconds, seconds, phases);
    }

    // ---- shared ----

    private static String envSource() {
        return "env:" + HardeningFixture.CODE_ENV;
    }

    /** A fresh usable secret for a rotation; random, so that no run reuses another's. */
    private static String newSecret(int number) {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return "load-rotation-" + number + "-" + HexFormat.of().formatHex(bytes);
    }

    private static Map<String, String> invalidValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("a wrong secret", WRONG_SECRET);
        values.put("the file secret without its last character", FILE_SECRET.substring(0, FILE_SECRET.length() - 1));
        values.put("the file secret and one more character", FILE_SECRET + "0");
        values.put("the variable's secret in upper case", ENV_SECRET.toUpperCase(Locale.ROOT));
        values.put("a secret the file does not hold", ROTATED_FILE_SECRET);
        values.put("the file secret with a space inside", FILE_SECRET.substring(0, 20) + " " + FILE_SECRET.substring(20));
        values.put("both secrets run together", FILE_SECRET + ENV_SECRET);
        values.put("a short value", "short");
        return Collections.unmodifiableMap(values);
    }

    /** The secrets and every value the clients send, for the log-leak check. */
    private static void recordSentValues() {
        SentValues.record(FILE_SECRET);
        SentValues.record(ENV_SECRET);
        SentValues.record(ROTATED_FILE_SECRET);
        INVALID_VALUES.values().forEach(SentValues::record);
    }

    private static void example(Queue<String> examples, String what) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(what);
        }
    }

    private static int count(String level, String text) {
        return CapturedLogs.texts(level, text::equals).size();
    }

    /** The lines logged since the capture held {@code start} lines (the capture is never trimmed). */
    private static List<CapturedLogs.Line> linesSince(int start) {
        List<CapturedLogs.Line> all = CapturedLogs.all();
        return all.subList(Math.min(start, all.size()), all.size());
    }

    private static long total(LongAdder[] adders) {
        long sum = 0;
        for (LongAdder adder : adders) {
            sum += adder.sum();
        }
        return sum;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
