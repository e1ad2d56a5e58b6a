package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.ContractAssertions.ascii;
import static dev.sharedsecret.contract.ContractAssertions.assertInvalidSecret;
import static dev.sharedsecret.contract.ContractAssertions.assertNoEcho;
import static dev.sharedsecret.contract.ContractAssertions.assertNoSecretProvided;
import static dev.sharedsecret.contract.HardeningFixture.ENV_SECRET;
import static dev.sharedsecret.contract.HardeningFixture.FILE_SECRET;
import static dev.sharedsecret.contract.HardeningFixture.HEALTH_BODY;
import static dev.sharedsecret.contract.HardeningFixture.PUBLIC_BODY;
import static dev.sharedsecret.contract.HardeningFixture.ROTATED_FILE_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sharedsecret.SharedSecretFilter;
import dev.sharedsecret.contract.Container.Registration;
import dev.sharedsecret.testlog.CapturedLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The production-hardening features of {@code SharedSecretFilter}, checked over real HTTP against
 * the gate of {@link HardeningFixture}: path exclusions (and crafted paths that try to abuse them),
 * header stripping, the source attribute, CORS preflights, secret-file reloading, the JMX counters
 * and {@code failOnMissingSecret}. It runs on every row of the container matrix
 * ({@link Containers#deployments()}), the gate registered in code ({@link HardeningFixture#gate})
 * and declared in {@code src/test/webapp-hardening/WEB-INF/web.xml}.
 *
 * <p>One gate runs for the whole class, its secret file holding secret A. Tests that change the
 * file or watch a deployment stop start a gate of their own, with a file of their own, so that the
 * tests stay independent. Nothing waits a fixed time: what the filter does in the background is
 * polled for, with a deadline of {@link #DEADLINE}.
 */
@ParameterizedClass(name = "{0}, {1}", allowZeroInvocations = true)
@MethodSource("dev.sharedsecret.contract.Containers#deployments")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardeningContractTest {
    /** Generous: the filter checks the file every second and takes a change after two equal reads. */
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final long PAUSE_NANOS = Duration.ofMillis(50).toNanos();
    private static final String WRONG_SECRET = "wrong-secret-ffffffffffffffffffffffffffffffff";
    private static final String BEAN_NAME =
            "dev.sharedsecret:type=SharedSecretFilter,name=" + HardeningFixture.FILTER_NAME;
    private static final String ORIGIN = "https://app.example";

    private Path secretDir;
    private Path secretFile;
    private Deployment deployment;

    /** The row of the matrix, and how the filter is registered on it. */
    @Parameter(0)
    Container container;
    @Parameter(1)
    Registration registration;

    /**
     * Starts the gate: secret A in {@code secretFile}, secret B in the variable
     * {@link #envVariable()}, {@code /health} and {@code /public/*} excluded, CORS preflights allowed.
     */
    private Deployment startGate(Path secretFile) throws Exception {
        return start(HardeningFixture.gateFilter(secretFile), HardeningFixture.GATE_WEBAPP, secretFile);
    }

    /**
     * Tries to start a filter with {@code failOnMissingSecret} true and no usable secret (the file
     * {@code missingFile} does not exist, the variable {@value HardeningFixture#UNSET_ENV} is unset).
     */
    private Deployment startWithoutUsableSecret(Path missingFile) throws Exception {
        return start(HardeningFixture.failingFilter(missingFile), HardeningFixture.FAILING_WEBAPP, missingFile);
    }

    /** {@code filter} registered in code, or the web application {@code template} naming {@code file}. */
    private Deployment start(SharedSecretFilter filter, String template, Path file) throws Exception {
        if (registration == Registration.CODE) {
            return container.deploy(HardeningFixture.CONTEXT_PATH, HardeningFixture.gate(filter));
        }
        return TempWebapp.deploy(container, HardeningFixture.CONTEXT_PATH,
                webapp -> HardeningFixture.copyWebapp(template, file, webapp));
    }

    /** The variable the gate reads secret B from: the real environment's for web.xml, a lookup map's in code. */
    private String envVariable() {
        return registration == Registration.CODE ? HardeningFixture.CODE_ENV : HardeningFixture.WEB_XML_ENV;
    }

    @BeforeParameterizedClassInvocation
    void startServer(Container container, Registration registration) throws Exception {
        secretDir = Files.createTempDirectory("ssf-hardening-");
        secretFile = secretDir.resolve("gate-secret");
        HardeningFixture.writeSecret(secretFile, FILE_SECRET);
        deployment = startGate(secretFile);
    }

    /** Stops the gate, and checks that its JMX counters went with it. */
    @AfterParameterizedClassInvocation
    void stopServer() throws JMException {
        try {
            if (deployment != null) {
                deployment.close();
                assertFalse(mbeans().isRegistered(new ObjectName(BEAN_NAME)),
                        BEAN_NAME + " still registered after its deployment stopped");
            }
        } finally {
            if (secretDir != null) {
                TempFiles.deleteRecursively(secretDir);
            }
        }
    }

    // ---- 1. path exclusions ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("excludedPaths")
    void servesExcludedPathWithoutSecret(String path, String body) throws IOException {
        assertServedBy(body, send(get(path)));
    }

    static Stream<Arguments> excludedPaths() {
        return Stream.of(
                arguments("/health", HEALTH_BODY),
                arguments("/health?probe=1", HEALTH_BODY),
                arguments("/public", PUBLIC_BODY),
                arguments("/public/", PUBLIC_BODY),
                arguments("/public/x", PUBLIC_BODY),
                arguments("/public/x/y.css", PUBLIC_BODY));
    }

    /** An excluded path does not look at the header at all: a wrong secret does not stop it. */
    @Test
    void servesExcludedPathWhateverTheHeaderHolds() throws IOException {
        assertServedBy(HEALTH_BODY, send(get("/health").withHeader(header(), WRONG_SECRET)));
    }

    /** Paths that look like excluded ones but are not: the probe answers them, with the secret only. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/publicity", "/public-x", "/healthz", "/health/", "/health/x", "/Health", "/PUBLIC/x",
        "/protected", "/protected/x", "/"})
    void requiresSecretOnPathsThatOnlyResembleExcludedOnes(String path) throws IOException {
        assertNoSecretProvided(send(get(path)), false);
        assertEquals("file:" + secretFile, probed(send(get(path).withHeader(header(), FILE_SECRET))).get("source"));
    }

    /**
     * Request targets crafted to make a container route to the probe while the filter takes the path
     * for an excluded one, sent byte for byte without a secret. Whatever each container makes of
     * them, the probe is never reached: the answer is 400 or 404 from the container, 401 from the
     * filter, or the excluded resource itself where the container really normalised the path to it
     * (the acceptable body, {@code null} where no 2xx is). Never 500, never a secret in the answer.
     *
     * <p>What the containers answered, the same for code and web.xml registration (Jetty 12.1.14
     * ee10 with its default URI compliance, Tomcat 11.0.27 and Undertow 2.3.26 with their defaults);
     * Jetty 12.1.14 ee11 answered every target as ee10, Tomcat 10.1.62 as Tomcat 11. 401 is always
     * the filter's "No secret provided".
     *
     * <p>Embedded Undertow (with no {@code CanonicalPathHandler} in front, as {@link UndertowDeployment}
     * and most embedders have it) decodes the path but resolves no dot segment and merges no slash:
     * {@code /gate/public/%2e%2e/protected} is routed by its raw prefix to the {@code /public/*}
     * servlet, as {@code /public/../protected}, and {@code /gate/../protected} to the gate itself, as
     * {@code /../protected}. The filter never excludes a path that is not normalised, so it asks for
     * the secret where the other containers resolved the path to {@code /gate/protected}: the 401s in
     * the Undertow column below are that, failing closed (with the secret, such a request reaches
     * whatever servlet Undertow routed it to).
     * <pre>
     * target (raw bytes)                          Jetty  Tomcat  Undertow  what happened
     * /gate/public/%2e%2e/protected               400    401     401       Jetty refuses encoded dot segments;
     * /gate/public/%2E%2E/protected               400    401     401         Tomcat decodes, then resolves
     * /gate/public/%2e/%2e%2e/protected           400    401     401         them to /gate/protected
     * /gate/health/%2e%2e/protected               400    401     401
     * /gate/%2e%2e/gate/protected                 400    401     401
     * /gate/public/%2e%2e%2fprotected             400    400     401       encoded slash: refused by Jetty and
     *                                                                        Tomcat, passed on by Undertow
     * /gate/%70ublic/../protected                 401    401     401       %70 is p: /gate/protected
     * /gate/health/..;/protected                  400    401     401       Jetty refuses a parameter on a dot
     * /gate/public/..;/protected                  400    401     401         segment; Tomcat drops the
     * /gate/public/%2e%2e;/protected              400    401     401         parameter, then resolves the ..
     * /gate/public;/../protected                  401    401     401       parameter dropped: /gate/protected
     * /gate/health;x=y                            200 h  200 h   200 h     parameter dropped: really /health
     * /gate;x=y/protected                         401    401     401       parameter on the context path dropped
     * /gate/public%2F..%2Fprotected               400    400     401       encoded slash (Undertow: passed on,
     * /gate/public/..%2Fprotected                 400    400     401         still encoded or as ..)
     * /gate/public\..\protected                   400    400     400       raw backslash
     * /gate/public%5c..%5cprotected               400    400     401       encoded backslash (Undertow: passed
     * /gate/public/..%5cprotected                 400    400     401         on)
     * /gate/public/../protected                   401    401     401       resolved to /gate/protected
     * /gate/public/./../protected                 401    401     401       resolved to /gate/protected
     * /gate/public/x/../../protected              401    401     401       resolved to /gate/protected
     * /gate//protected                            400    401     401       Jetty refuses an empty segment;
     * /gate/public//../protected                  400    401     401         Tomcat merges the slashes
     * /gate/./protected                           401    401     401       resolved to /gate/protected
     * /gate/PUBLIC/x                              401    401     401       paths are case-sensitive
     * /gate/Health                                401    401     401       paths are case-sensitive
     * /gate/health%00                             400    400     401       encoded NUL (Undertow passes
     * /gate/public/x%00/../../protected           400    400     401         "/health\0" on, not excluded)
     * /gate/health%0a                             400    401     401       Jetty refuses encoded controls; the
     * /gate/health%0d%0a                          400    401     401         others pass "/health\n", not excluded
     * /gate/public/%c0%ae%c0%ae/protected         400    400     200 p     overlong UTF-8 for ..: Undertow does
     * /gate/public/%e0%80%ae%e0%80%ae/protected   400    400     200 p       not decode it to dots, so the path
     *                                                                        is really under /public
     * /gate/public/%252e%252e/protected           400    401     401       Jetty refuses an encoded %; the
     * /gate/public/..%252fprotected               400    401     401         others decode once, to a path under
     *                                                                        /public that still holds a %: the
     *                                                                        filter does not exclude such paths
     * /gate/health.                               401    401     401       not /health
     * /gate/health/                               401    401     401       not /health (the probe serves it)
     * /gate/health/%2e                            400    200 h   401       Tomcat resolves it to /health;
     *                                                                        Undertow passes /health/. on
     * /gate/../gate/protected                     401    401     401       resolved to /gate/protected
     * /GATE/protected                             404    404     404       no such context
     * /GATE/health                                404    404     404       no such context
     * /gate/../protected                          404    404     401       resolves outside the context
     *                                                                        (Undertow: see above)
     * /protected                                  404    404     404       outside the context
     * /health                                     404    404     404       outside the context
     * /gate%2fprotected                           400    400     404       encoded slash (Undertow: no such
     *                                                                        context)
     * </pre>
     * (200 h, 200 p: 200 with the /health or /public resource's body.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("craftedTargets")
    void neverReachesProbeThroughCraftedTarget(String target, String acceptableBody) throws IOException {
        RawResponse response = send(RawRequest.get(target));
        assertFalse(contains(response.raw(), ProbeServlet.MARKER), () -> "reached the probe\n" + response);
        int status = response.status();
        if (status == 401) {
            assertNoSecretProvided(response, false);
        } else if (status / 100 == 2) {
            assertNotNull(acceptableBody, () -> "2xx for a path that is not excluded\n" + response);
            assertEquals(acceptableBody, response.bodyText(), () -> "not the excluded resource\n" + response);
        } else {
            assertTrue(status == 400 || status == 404, () -> "expected 400, 401 or 404\n" + response);
        }
        assertNothingLeaks(response);
    }

    static Stream<Arguments> craftedTargets() {
        return Stream.of(
                // encoded dot segments
                arguments("/gate/public/%2e%2e/protected", null),
                arguments("/gate/public/%2E%2E/protected", null),
                arguments("/gate/public/%2e/%2e%2e/protected", null),
                arguments("/gate/health/%2e%2e/protected", null),
                arguments("/gate/%2e%2e/gate/protected", null),
                arguments("/gate/public/%2e%2e%2fprotected", null),
                arguments("/gate/%70ublic/../protected", null),
                // dot segments behind path parameters
                arguments("/gate/health/..;/protected", null),
                arguments("/gate/public/..;/protected", null),
                arguments("/gate/public/%2e%2e;/protected", null),
                arguments("/gate/public;/../protected", null),
                // a parameter on an excluded path is dropped: the container really serves /health
                arguments("/gate/health;x=y", HEALTH_BODY),
                arguments("/gate;x=y/protected", null),
                // encoded slashes, backslashes
                arguments("/gate/public%2F..%2Fprotected", null),
                arguments("/gate/public/..%2Fprotected", null),
                arguments("/gate/public\\..\\protected", null),
                arguments("/gate/public%5c..%5cprotected", null),
                arguments("/gate/public/..%5cprotected", null),
                // plain dot segments, empty segments
                arguments("/gate/public/../protected", null),
                arguments("/gate/public/./../protected", null),
                arguments("/gate/public/x/../../protected", null),
                arguments("/gate//protected", null),
                arguments("/gate/public//../protected", null),
                arguments("/gate/./protected", null),
                // letter case
                arguments("/gate/PUBLIC/x", null),
                arguments("/gate/Health", null),
                // encoded control characters
                arguments("/gate/health%00", null),
                arguments("/gate/public/x%00/../../protected", null),
                arguments("/gate/health%0a", null),
                arguments("/gate/health%0d%0a", null),
                // overlong UTF-8 for ..: never a dot; a container that decodes it anyway (Undertow) stays under /public
                arguments("/gate/public/%c0%ae%c0%ae/protected", PUBLIC_BODY),
                arguments("/gate/public/%e0%80%ae%e0%80%ae/protected", PUBLIC_BODY),
                // double encoding: decoded once, this is a path under /public (served there if at all)
                arguments("/gate/public/%252e%252e/protected", PUBLIC_BODY),
                arguments("/gate/public/..%252fprotected", PUBLIC_BODY),
                // near misses of /health; /health/. is /health once resolved
                arguments("/gate/health.", null),
                arguments("/gate/health/", null),
                arguments("/gate/health/%2e", HEALTH_BODY),
                // the context path
                arguments("/gate/../gate/protected", null),
                arguments("/GATE/protected", null),
                arguments("/GATE/health", null),
                arguments("/gate/../protected", null),
                arguments("/protected", null),
                arguments("/health", null),
                arguments("/gate%2fprotected", null));
    }

    // ---- 2. the secret header is stripped ----

    /** However the header was spelled, no accessor shows it to the application in any letter case. */
    @ParameterizedTest(name = "sent as {0}")
    @ValueSource(strings = {"X-Shared-Secret", "x-shared-secret", "X-SHARED-SECRET"})
    void hidesSecretHeaderFromApplication(String sentName) throws IOException {
        RawResponse response = send(get("/protected/x").withHeader(sentName, FILE_SECRET)
                .withHeader(ProbeServlet.PLAIN_HEADER, "plain-value"));
        ProbeReport report = probed(response);
        for (String name : ProbeServlet.SECRET_HEADER_SPELLINGS) {
            assertEquals(false, report.get("getHeader:" + name), () -> "getHeader(" + name + ") in " + report);
            assertEquals(false, report.get("getHeaders:" + name), () -> "getHeaders(" + name + ") in " + report);
            assertEquals(-1L, report.get("getIntHeader:" + name), () -> "getIntHeader(" + name + ") in " + report);
            assertEquals(-1L, report.get("getDateHeader:" + name), () -> "getDateHeader(" + name + ") in " + report);
        }
        assertEquals(false, report.get("getHeaderNames:secret"), () -> "getHeaderNames() in " + report);
        assertEquals("plain-value", report.get("header:" + ProbeServlet.PLAIN_HEADER), report::toString);
        Set<String> names = Set.of(((String) report.get("getHeaderNames")).split(","));
        assertTrue(names.contains("host") && names.contains("x-probe-echo"), () -> "other headers in " + report);
    }

    /** A trailer field named like the header is hidden too; other trailer fields stay visible. */
    @Test
    void hidesSecretTrailerFieldFromApplication() throws IOException {
        RawResponse response = send(RawRequest.of("POST", deployment.path("/protected/x"))
                .withHeader(header(), FILE_SECRET)
                .withChunkedBody("payload", header(), FILE_SECRET, ProbeServlet.PLAIN_TRAILER, "trailer-value"));
        ProbeReport report = probed(response);
        assertEquals(false, report.get("getTrailerFields:secret"), report::toString);
        assertEquals("x-probe-trailer", report.get("getTrailerFields"), report::toString);
        assertEquals("trailer-value", report.get("trailer:" + ProbeServlet.PLAIN_TRAILER), report::toString);
    }

    // ---- 3. the source attribute ----

    @Test
    void tellsApplicationTheSecretCameFromTheFile() throws IOException {
        assertEquals("file:" + secretFile, sourceSeenWith(deployment, FILE_SECRET));
    }

    @Test
    void tellsApplicationTheSecretCameFromTheVariable() throws IOException {
        assertEquals("env:" + envVariable(), sourceSeenWith(deployment, ENV_SECRET));
    }

    // ---- 4. CORS preflight ----

    @Test
    void passesCorsPreflightWithoutSecret() throws IOException {
        ProbeReport report = probed(send(preflight(deployment)));
        assertEquals("OPTIONS", report.get("method"), report::toString);
        assertEquals(null, report.get("source"), () -> "a preflight carries no secret: " + report);
    }

    /** Only an {@code OPTIONS} request with both headers is a preflight. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("notPreflights")
    void requiresSecretOnRequestsThatAreNotPreflights(String label, RawRequest request) throws IOException {
        assertNoSecretProvided(send(request), false);
    }

    Stream<Arguments> notPreflights() {
        String path = deployment.path("/protected/x");
        return Stream.of(
                arguments("OPTIONS with Origin only", RawRequest.of("OPTIONS", path).withHeader("Origin", ORIGIN)),
                arguments("OPTIONS with Access-Control-Request-Method only",
                        RawRequest.of("OPTIONS", path).withHeader("Access-Control-Request-Method", "POST")),
                arguments("GET with both", RawRequest.get(path).withHeader("Origin", ORIGIN)
                        .withHeader("Access-Control-Request-Method", "POST")),
                arguments("POST with both", RawRequest.of("POST", path).withHeader("Origin", ORIGIN)
                        .withHeader("Access-Control-Request-Method", "POST")));
    }

    // ---- 5. the secret file is reloaded ----

    /**
     * A rotation: the file gets secret C in one atomic rename. C is taken within seconds; until then
     * C is refused as invalid, never answered 500. Then A is refused and B still accepted.
     */
    @Test
    void takesRotatedSecretFromFileAndDropsTheReplacedOne() throws Exception {
        Path dir = Files.createTempDirectory("ssf-rotation-");
        Path file = dir.resolve("gate-secret");
        HardeningFixture.writeSecret(file, FILE_SECRET);
        try (Deployment gate = startGate(file)) {
            assertEquals("file:" + file, sourceSeenWith(gate, FILE_SECRET));

            HardeningFixture.rotateSecret(file, ROTATED_FILE_SECRET);
            awaitAccepted(gate, ROTATED_FILE_SECRET, "file:" + file);

            assertInvalidSecret(send(gate, withSecret(gate, FILE_SECRET)), false, ascii(FILE_SECRET));
            assertEquals("env:" + envVariable(), sourceSeenWith(gate, ENV_SECRET));
        } finally {
            TempFiles.deleteRecursively(dir);
        }
    }

    /** A secret file that disappears keeps its last good secret: deleting it locks no one out. */
    @Test
    void keepsLastGoodSecretWhenFileIsDeleted() throws Exception {
        Path dir = Files.createTempDirectory("ssf-deletion-");
        Path file = dir.resolve("gate-secret");
        HardeningFixture.writeSecret(file, FILE_SECRET);
        try (Deployment gate = startGate(file)) {
            HardeningFixture.rotateSecret(file, ROTATED_FILE_SECRET);
            awaitAccepted(gate, ROTATED_FILE_SECRET, "file:" + file);

            Files.delete(file);
            String missing = "Secret file [" + file + "] is missing; keeping its last good secret";
            await(() -> !CapturedLogs.texts("WARN", text -> text.contains(missing)).isEmpty(),
                    () -> "the filter to log [" + missing + "]");

            assertEquals("file:" + file, sourceSeenWith(gate, ROTATED_FILE_SECRET));
            assertInvalidSecret(send(gate, withSecret(gate, FILE_SECRET)), false, ascii(FILE_SECRET));
            assertEquals("env:" + envVariable(), sourceSeenWith(gate, ENV_SECRET));
        } finally {
            TempFiles.deleteRecursively(dir);
        }
    }

    /** Sends {@code secret} until it is accepted; meanwhile it must be refused as invalid. */
    private static void awaitAccepted(Deployment gate, String secret, String source) {
        RawRequest request = withSecret(gate, secret);
        RawResponse[] last = new RawResponse[1];
        await(() -> {
            RawResponse response = uncheckedSend(gate, request);
            last[0] = response;
            if (response.status() == 200) {
                return true;
            }
            assertInvalidSecret(response, false, ascii(secret));
            return false;
        }, () -> "the filter to accept the new secret; last answer\n" + last[0]);
        assertEquals(source, probed(last[0]).get("source"));
    }

    // ---- 6. JMX counters ----

    @Test
    void countsRequestsInJmxWhileRunning() throws Exception {
        ObjectName bean = new ObjectName(BEAN_NAME);
        assertTrue(mbeans().isRegistered(bean), BEAN_NAME + " not registered");
        Counters before = Counters.of(bean);

        probed(send(withSecret(deployment, FILE_SECRET)));
        probed(send(withSecret(deployment, FILE_SECRET)));
        probed(send(withSecret(deployment, ENV_SECRET)));
        for (int i = 0; i < 3; i++) {
            assertNoSecretProvided(send(get("/protected/x")), false);
        }
        assertInvalidSecret(send(withSecret(deployment, WRONG_SECRET)), false);
        // Neither an excluded path nor a preflight carries a secret: neither is counted.
        assertServedBy(HEALTH_BODY, send(get("/health")));
        probed(send(preflight(deployment)));

        Counters after = Counters.of(bean);
        assertEquals(before.accepted + 3, after.accepted, "Accepted");
        assertEquals(before.rejectedMissing + 3, after.rejectedMissing, "RejectedMissing");
        assertEquals(before.rejectedInvalid + 1, after.rejectedInvalid, "RejectedInvalid");
        assertEquals(before.misconfigured, after.misconfigured, "Misconfigured");
        String file = "file:" + secretFile;
        String env = "env:" + envVariable();
        assertEquals(before.bySource(file) + 2, after.bySource(file), "AcceptedBySource " + file);
        assertEquals(before.bySource(env) + 1, after.bySource(env), "AcceptedBySource " + env);
    }

    /**
     * A second gate of the same filter name, beside the class's own, gets counters of its own; they
     * count its requests only and are unregistered when it stops, leaving the other gate's in place.
     */
    @Test
    void unregistersCountersWhenDeploymentStops() throws Exception {
        Path dir = Files.createTempDirectory("ssf-jmx-");
        Path file = dir.resolve("gate-secret");
        HardeningFixture.writeSecret(file, FILE_SECRET);
        try {
            Set<ObjectName> before = gateBeans();
            ObjectName added;
            try (Deployment gate = startGate(file)) {
                Set<ObjectName> running = new HashSet<>(gateBeans());
                running.removeAll(before);
                assertEquals(1, running.size(), () -> "beans added by a second gate: " + running);
                added = running.iterator().next();

                probed(send(gate, withSecret(gate, FILE_SECRET)));
                assertNoSecretProvided(send(gate, get(gate, "/protected/x")), false);
                Counters counted = Counters.of(added);
                assertEquals(1, counted.accepted, "Accepted");
                assertEquals(1, counted.rejectedMissing, "RejectedMissing");
                assertEquals(Map.of("file:" + file, 1L, "env:" + envVariable(), 0L), counted.acceptedBySource,
                        "AcceptedBySource");
            }
            assertFalse(mbeans().isRegistered(added), () -> added + " still registered after its deployment stopped");
            assertTrue(mbeans().isRegistered(new ObjectName(BEAN_NAME)), "the class's own gate lost its counters");
        } finally {
            TempFiles.deleteRecursively(dir);
        }
    }

    // ---- 7. failOnMissingSecret ----

    /**
     * With {@code failOnMissingSecret} and no usable secret the deployment does not start, and the
     * filter's reason reaches the operator: Jetty throws the filter's {@code ServletException} from
     * {@code start}; Tomcat logs it ("Exception starting filter [gate]") and stops the context,
     * which {@link EmbeddedTomcat} turns into an exception; Undertow's {@code DeploymentManager.start}
     * throws it, but only because {@link UndertowDeployment} initialises filters eagerly (by default
     * Undertow initialises a filter on its first request, and the deployment would start). The test
     * looks for the reason in the exception and in the captured logs.
     */
    @Test
    void failsDeploymentWithoutUsableSecret() throws Exception {
        Path missing = secretDir.resolve("no-such-secret");
        Set<ObjectName> beansBefore = gateBeans();
        int linesBefore = CapturedLogs.all().size();
        Exception failure = assertThrows(Exception.class, () -> startWithoutUsableSecret(missing).close(),
                "the deployment started without a usable secret");
        List<CapturedLogs.Line> lines = CapturedLogs.all();
        String containerLog = lines.subList(linesBefore, lines.size()).stream()
                .map(CapturedLogs.Line::text).collect(Collectors.joining("\n"));
        String reported = messages(failure) + "\n" + containerLog;
        String reason = "No usable secret in environment variables [" + HardeningFixture.UNSET_ENV + "] and files ["
                + missing + "]: ";
        assertTrue(reported.contains(reason), () -> "[" + reason + "] not reported:\n" + reported);
        assertTrue(reported.contains("; failing deployment because [failOnMissingSecret] is [true]"),
                () -> "failOnMissingSecret not named:\n" + reported);
        assertEquals(beansBefore, gateBeans(), "a filter that failed init registered counters");
    }

    // ---- helpers ----

    private RawResponse send(RawRequest request) throws IOException {
        return send(deployment, request);
    }

    private static RawResponse send(Deployment target, RawRequest request) throws IOException {
        return RawHttpClient.send(target.port(), request);
    }

    private static RawResponse uncheckedSend(Deployment target, RawRequest request) {
        try {
            return send(target, request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RawRequest get(String pathInContext) {
        return get(deployment, pathInContext);
    }

    private static RawRequest get(Deployment target, String pathInContext) {
        return RawRequest.get(target.path(pathInContext));
    }

    private static String header() {
        return SharedSecretFilter.DEFAULT_HEADER_NAME;
    }

    /** A GET of the probe with {@code secret} in the header. */
    private static RawRequest withSecret(Deployment target, String secret) {
        return get(target, "/protected/x").withHeader(header(), secret);
    }

    /** The source attribute the probe saw on a request with {@code secret}, which must pass. */
    private static Object sourceSeenWith(Deployment target, String secret) throws IOException {
        return probed(send(target, withSecret(target, secret))).get("source");
    }

    /** A CORS preflight for the probe: OPTIONS with Origin and Access-Control-Request-Method. */
    private static RawRequest preflight(Deployment target) {
        return RawRequest.of("OPTIONS", target.path("/protected/x")).withHeader("Origin", ORIGIN)
                .withHeader("Access-Control-Request-Method", "POST");
    }

    /** Polls {@code done} until it holds, pausing briefly between tries; fails after {@link #DEADLINE}. */
    private static void await(BooleanSupplier done, Supplier<String> what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + DEADLINE.toSeconds() + " s for " + what.get());
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }

    /** The probe answered: 200 and its report, with no secret anywhere in the response. */
    private static ProbeReport probed(RawResponse response) {
        assertEquals(200, response.status(), () -> "expected the probe to answer\n" + response);
        assertNothingLeaks(response);
        return ProbeReport.parse(response.bodyText());
    }

    /** An excluded resource answered, with exactly its body. */
    private static void assertServedBy(String body, RawResponse response) {
        assertEquals(200, response.status(), () -> "expected the excluded resource\n" + response);
        assertEquals(body, response.bodyText(), () -> "body\n" + response);
        assertNothingLeaks(response);
    }

    private static void assertNothingLeaks(RawResponse response) {
        assertNoEcho(response, ascii(FILE_SECRET), ascii(ROTATED_FILE_SECRET), ascii(ENV_SECRET));
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }

    /** The messages of {@code failure}, its causes and suppressed exceptions, one a line. */
    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        appendMessages(failure, text, seen);
        return text.toString();
    }

    private static void appendMessages(Throwable t, StringBuilder text, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        text.append(t).append('\n');
        appendMessages(t.getCause(), text, seen);
        for (Throwable suppressed : t.getSuppressed()) {
            appendMessages(suppressed, text, seen);
        }
    }

    private static MBeanServer mbeans() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    /** Every registered bean of a filter named like the gate, whatever its instance number. */
    private static Set<ObjectName> gateBeans() throws JMException {
        return mbeans().queryNames(new ObjectName(BEAN_NAME + ",*"), null);
    }

    /** The counters as any JMX client reads them: by attribute name. */
    private static final class Counters {
        final long accepted;
        final long rejectedMissing;
        final long rejectedInvalid;
        final long misconfigured;
        final Map<String, Long> acceptedBySource = new TreeMap<>();

        private Counters(ObjectName bean) throws JMException {
            MBeanServer server = mbeans();
            accepted = (Long) server.getAttribute(bean, "Accepted");
            rejectedMissing = (Long) server.getAttribute(bean, "RejectedMissing");
            rejectedInvalid = (Long) server.getAttribute(bean, "RejectedInvalid");
            misconfigured = (Long) server.getAttribute(bean, "Misconfigured");
            TabularData bySource = (TabularData) server.getAttribute(bean, "AcceptedBySource");
            for (Object row : bySource.values()) {
                CompositeData entry = (CompositeData) row;
                acceptedBySource.put((String) entry.get("key"), (Long) entry.get("value"));
            }
        }

        static Counters of(ObjectName bean) throws JMException {
            return new Counters(bean);
        }

        long bySource(String source) {
            Long count = acceptedBySource.get(source);
            if (count == null) {
                throw new AssertionError("no AcceptedBySource entry " + source + " in " + acceptedBySource);
            }
            return count;
        }
    }
}
