package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.ContractAssertions.assertNoSecretProvided;
import static dev.sharedsecret.contract.StaticContentFixture.API_BODY;
import static dev.sharedsecret.contract.StaticContentFixture.CSS_BODY;
import static dev.sharedsecret.contract.StaticContentFixture.INDEX_BODY;
import static dev.sharedsecret.contract.StaticContentFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharedsecret.SharedSecretFilter;
import dev.sharedsecret.contract.Container.Registration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Static files and the context root, over real HTTP, on a container's own default servlet: the site
 * of {@link StaticContentFixture} ({@code /app/index.html}, {@code /app/css/site.css}, a servlet at
 * {@code /app/api/*}) deployed twice per row of the matrix ({@link Containers#staticContent()}),
 * once with the filter mapped to {@code /*} and once to {@code /}.
 *
 * <p>Mapped to {@code /*}, the filter guards everything: files, the context root {@code /app/}
 * (the container redirects {@code /app} there first), paths that do not exist, the servlet. Mapped
 * to {@code /}, it does not: what each container lets through without a secret is asserted exactly
 * ({@link Container#slashMapping()}), as the evidence for the README's warning.
 */
@ParameterizedClass(name = "{0}, {1}", allowZeroInvocations = true)
@MethodSource("dev.sharedsecret.contract.Containers#staticContent")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticContentContractTest {

    /** How a container answers a request that carries no secret. */
    enum Outcome {
        /** 401 "No secret provided" from the filter. */
        REFUSED,
        /** 200 with the resource's content: the filter did not run. */
        SERVED,
        /** 301 or 302 to the same path with a slash appended, nothing served: the container's own redirect. */
        REDIRECTED,
        /** 404 from the container: the filter did not run, but there was nothing to serve. */
        NOT_FOUND
    }

    /** The paths checked in every mapping, in the context, and what each serves with the secret. */
    static final Map<String, String> CONTENT = contentByPath();

    /** The row of the matrix, and how the filter is registered on it. */
    @Parameter(0)
    Container container;
    @Parameter(1)
    Registration registration;

    private Path docRoot;
    private Deployment star;
    private Deployment slash;
    private Map<String, Outcome> slashMapping;

    private static Map<String, String> contentByPath() {
        Map<String, String> content = new LinkedHashMap<>();
        content.put("/", INDEX_BODY);
        content.put("/index.html", INDEX_BODY);
        content.put("/css/site.css", CSS_BODY);
        content.put("/api/x", API_BODY);
        content.put("/api", API_BODY);
        content.put("/missing.txt", null);
        return content;
    }

    @BeforeParameterizedClassInvocation
    void startServers(Container container, Registration registration) throws Exception {
        slashMapping = container.slashMapping();
        docRoot = StaticContentFixture.writeSite();
        star = start(container, registration, "/*");
        slash = start(container, registration, "/");
    }

    /**
     * The site with the filter mapped to {@code filterPattern}: registered in code beside the
     * container's default servlet, or a temporary web application (see
     * {@link StaticContentFixture#writeWebapp}) whose default servlet and welcome files are the
     * container's defaults.
     */
    private Deployment start(Container container, Registration registration, String filterPattern) throws Exception {
        if (registration == Registration.CODE) {
            return container.deploy(StaticContentFixture.CONTEXT_PATH, StaticContentFixture.app(filterPattern), docRoot);
        }
        return TempWebapp.deploy(container, StaticContentFixture.CONTEXT_PATH,
                webapp -> StaticContentFixture.writeWebapp(docRoot, filterPattern, webapp));
    }

    @AfterParameterizedClassInvocation
    void stopServers() {
        try {
            closeAll(star, slash);
        } finally {
            if (docRoot != null) {
                TempFiles.deleteRecursively(docRoot);
            }
        }
    }

    private static void closeAll(Deployment... deployments) {
        RuntimeException failure = null;
        for (Deployment deployment : deployments) {
            try {
                if (deployment != null) {
                    deployment.close();
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ---- the filter mapped to /* ----

    static Stream<String> paths() {
        return CONTENT.keySet().stream();
    }

    /** Every file, the context root, a missing file (no existence oracle) and the servlet: 401. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void starMappingRefusesEveryPathWithoutSecret(String path) throws IOException {
        assertNoSecretProvided(send(star, path, null), false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void starMappingRefusesWrongSecret(String path) throws IOException {
        RawResponse response = send(star, path, "wrong-secret-ffffffffffffffffffffffffffffffff");
        assertEquals(401, response.status(), () -> "expected the filter's 401\n" + response);
        assertNothingServed(response);
    }

    /** With the secret the default servlet serves the files, the welcome file at the root, and 404 for the rest. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void starMappingServesEveryPathWithSecret(String path) throws IOException {
        RawResponse response = send(star, path, SECRET);
        String content = CONTENT.get(path);
        if (content == null) {
            assertEquals(404, response.status(), () -> "expected the default servlet's 404\n" + response);
            assertNothingServed(response);
        } else {
            assertServed(content, response);
        }
    }

    /**
     * {@code /app} without the slash: every container here (Jetty 301, Tomcat and Undertow 302)
     * redirects it to {@code /app/} before any filter runs, serving nothing; {@code /app/} is
     * refused above.
     */
    @Test
    void starMappingRedirectsContextRootWithoutSlash() throws IOException {
        assertOutcome(Outcome.REDIRECTED, null, send(star, "", null));
    }

    /** The secret changes nothing there: the redirect comes before the filter. */
    @Test
    void starMappingRedirectsContextRootWithoutSlashWithSecret() throws IOException {
        assertOutcome(Outcome.REDIRECTED, null, send(star, "", SECRET));
    }

    // ---- the filter mapped to / (the README's warning) ----

    /**
     * The weakness, path by path: mapped to {@code /}, what the filter guards depends on the
     * container, and on each something is {@link Outcome#SERVED} without a secret.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void slashMappingAsObserved(String path) throws IOException {
        Outcome expected = slashMapping.get(path);
        assertOutcome(expected, CONTENT.get(path), send(slash, path, null));
    }

    /** The table covers every path, and the weakness is real on this container: something is served. */
    @Test
    void slashMappingLetsSomethingThroughWithoutSecret() {
        assertEquals(CONTENT.keySet(), slashMapping.keySet(), "the table must cover every path");
        assertTrue(slashMapping.containsValue(Outcome.SERVED), "a / mapping that served nothing: " + slashMapping);
    }

    /** Where the {@code /} mapping does run the filter, the secret still gets the content. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void slashMappingServesEveryPathWithSecret(String path) throws IOException {
        String content = CONTENT.get(path);
        RawResponse response = send(slash, path, SECRET);
        if (content == null) {
            assertEquals(404, response.status(), () -> "expected the default servlet's 404\n" + response);
        } else {
            assertServed(content, response);
        }
    }

    // ---- helpers ----

    private static RawResponse send(Deployment target, String pathInContext, String secret) throws IOException {
        RawRequest request = RawRequest.get(target.path(pathInContext));
        if (secret != null) {
            request = request.withHeader(SharedSecretFilter.DEFAULT_HEADER_NAME, secret);
        }
        return RawHttpClient.send(target.port(), request);
    }

    private static void assertOutcome(Outcome expected, String content, RawResponse response) {
        switch (expected) {
            case REFUSED -> assertNoSecretProvided(response, false);
            case SERVED -> assertServed(content, response);
            case REDIRECTED -> {
                assertTrue(response.status() == 301 || response.status() == 302,
                        () -> "expected the container's redirect\n" + response);
                String location = response.header("Location");
                assertTrue(location.endsWith(StaticContentFixture.CONTEXT_PATH + "/"),
                        () -> "expected a redirect to the context root with a slash\n" + response);
                assertNothingServed(response);
            }
            case NOT_FOUND -> {
                assertEquals(404, response.status(), () -> "expected the container's 404\n" + response);
                assertNothingServed(response);
            }
            default -> throw new AssertionError(expected);
        }
    }

    private static void assertServed(String content, RawResponse response) {
        assertEquals(200, response.status(), () -> "expected the content\n" + response);
        assertEquals(content, response.bodyText(), () -> "body\n" + response);
        assertFalse(contains(response, SECRET), () -> "the secret came back\n" + response);
    }

    private static void assertNothingServed(RawResponse response) {
        for (String content : new String[] {INDEX_BODY, CSS_BODY, API_BODY}) {
            assertFalse(contains(response, content.strip()), () -> "content served\n" + response);
        }
        assertFalse(contains(response, SECRET), () -> "the secret came back\n" + response);
    }

    private static boolean contains(RawResponse response, String text) {
        return new String(response.raw(), StandardCharsets.ISO_8859_1).contains(text);
    }
}
