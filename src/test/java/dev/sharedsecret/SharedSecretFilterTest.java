package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharedsecret.testlog.CapturedLogs;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filter's behaviour per request and at init, with hand-written fakes. */
class SharedSecretFilterTest {
    private static final String SECRET = "current-secret-0123456789abcdef-0";
    private static final String PREVIOUS = "previous-secret-0123456789abcdef-1";
    private static final String MISCONFIGURED = "{\"error\":\"Server configuration error\"}";
    private static final String MISSING = "{\"error\":\"No secret provided\"}";
    private static final String INVALID = "{\"error\":\"Invalid secret\"}";
    private static final String RULE = "a usable secret is at least 32 characters of visible ASCII (0x21-0x7E) after"
            + " surrounding whitespace is trimmed; generate one with [openssl rand -hex 32]";

    /** The chain of the latest {@link #run}; each run gets a fresh one. */
    private FakeFilterChain chain = new FakeFilterChain();

    private static SharedSecretFilter initialised(Map<String, String> environment, FakeFilterConfig config)
            throws ServletException {
        SharedSecretFilter filter = new SharedSecretFilter(environment::get);
        filter.init(config);
        return filter;
    }

    private static SharedSecretFilter withSecret(String value) throws ServletException {
        return initialised(Map.of("SHARED_SECRET", value), new FakeFilterConfig("sharedSecret"));
    }

    private static FakeHttpRequest get() {
        return new FakeHttpRequest("GET", "/protected");
    }

    private FakeHttpResponse run(SharedSecretFilter filter, FakeHttpRequest request) throws IOException, ServletException {
        FakeHttpResponse response = new FakeHttpResponse();
        chain = new FakeFilterChain();
        filter.doFilter(request, response, chain);
        return response;
    }

    private void assertRejected(FakeHttpResponse response, int status, String body) {
        assertEquals(0, chain.calls(), "chain must not be called");
        assertEquals(status, response.status());
        assertEquals(body, response.body());
        assertEquals("application/json;charset=UTF-8", response.getContentType());
        assertEquals(body.length(), response.contentLength());
        assertEquals("no-store", response.getHeader("Cache-Control"));
        assertEquals(status == 401 ? "SharedSecret" : null, response.getHeader("WWW-Authenticate"));
        assertFalse(response.sendErrorCalled(), "sendError would let an error page replace the JSON");
    }

    private void assertPassed(FakeHttpRequest request, FakeHttpResponse response) {
        assertEquals(1, chain.calls());
        ServletRequest seen = chain.request();
        assertSame(request, seen instanceof ServletRequestWrapper ? ((ServletRequestWrapper) seen).getRequest() : seen);
        assertEquals(200, response.status());
        assertEquals("", response.body());
    }

    @Test
    void passesRequestWithTheSecret() throws Exception {
        FakeHttpRequest request = get().header("X-Shared-Secret", SECRET);
        assertPassed(request, run(withSecret(SECRET), request));
    }

    @Test
    void rejectsRequestWithoutHeader() throws Exception {
        assertRejected(run(withSecret(SECRET), get()), 401, MISSING);
    }

    @Test
    void rejectsEmptyHeaderAsMissing() throws Exception {
        assertRejected(run(withSecret(SECRET), get().header("X-Shared-Secret", "")), 401, MISSING);
    }

    @Test
    void rejectsWrongSecret() throws Exception {
        SharedSecretFilter filter = withSecret(SECRET);
        for (String wrong : List.of("wrong", SECRET + "x", SECRET.substring(1), SECRET.toUpperCase(), " ")) {
            assertRejected(run(filter, get().header("X-Shared-Secret", wrong)), 401, INVALID);
        }
    }

    @Test
    void rejectsHeaderSentTwiceEvenWhenBothAreCorrect() throws Exception {
        SharedSecretFilter filter = withSecret(SECRET);
        assertRejected(run(filter, get().header("X-Shared-Secret", SECRET).header("X-Shared-Secret", SECRET)), 401, INVALID);
        assertRejected(run(filter, get().header("X-Shared-Secret", "").header("X-Shared-Secret", SECRET)), 401, INVALID);
        assertRejected(run(filter, get().header("X-Shared-Secret", "").header("X-Shared-Secret", "")), 401, INVALID);
    }

    @Test
    void neverSplitsOnCommas() throws Exception {
        assertRejected(run(withSecret(SECRET), get().header("X-Shared-Secret", SECRET + "," + SECRET)), 401, INVALID);
    }

    @Test
    void rejectsCharactersOutsideVisibleAsciiAsInvalid() throws Exception {
        SharedSecretFilter filter = withSecret(SECRET);
        for (String hostile : List.of(SECRET + "\u00e9", "\u00ff" + SECRET, SECRET + "\u0000", SECRET + "\t",
                SECRET.replace('0', '\u0130'), "\ud83d\udd11", SECRET + " ")) {
            assertRejected(run(filter, get().header("X-Shared-Secret", hostile)), 401, INVALID);
        }
    }

    @Test
    void acceptsEverySecretListedForRotation() throws Exception {
        SharedSecretFilter filter = initialised(Map.of("SHARED_SECRET", SECRET, "SHARED_SECRET_PREVIOUS", PREVIOUS),
                new FakeFilterConfig("sharedSecret").param("secretEnv", "SHARED_SECRET,SHARED_SECRET_PREVIOUS"));
        for (String secret : List.of(SECRET, PREVIOUS)) {
            FakeHttpRequest request = get().header("X-Shared-Secret", secret);
            assertPassed(request, run(filter, request));
        }
    }

    @Test
    void readsTheConfiguredHeaderOnly() throws Exception {
        SharedSecretFilter filter = initialised(Map.of("SHARED_SECRET", SECRET),
                new FakeFilterConfig("sharedSecret").param("headerName", "X-Origin-Token"));
        assertRejected(run(filter, get().header("X-Shared-Secret", SECRET)), 401, MISSING);
        FakeHttpRequest request = get().header("X-Origin-Token", SECRET);
        assertPassed(request, run(filter, request));
    }

    @Test
    void answers500WhenNoSecretIsConfigured() throws Exception {
        SharedSecretFilter filter = initialised(Map.of(), new FakeFilterConfig("unconfigured"));
        assertRejected(run(filter, get()), 500, MISCONFIGURED);
        assertRejected(run(filter, get().header("X-Shared-Secret", SECRET)), 500, MISCONFIGURED);
        assertTrue(CapturedLogs.texts("ERROR", t -> t.equals("No usable secret in environment variables [SHARED_SECRET]: "
                + RULE + "; until one is set, every request is answered 500")).size() > 0);
    }

    @Test
    void emptyHeaderNeverMatchesAnEmptySecret() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("SHARED_SECRET", "");
        SharedSecretFilter filter = initialised(environment, new FakeFilterConfig("emptySecret"));
        assertRejected(run(filter, get().header("X-Shared-Secret", "")), 500, MISCONFIGURED);
    }

    @Test
    void ignoresAndReportsAnUnusableSecretByNameOnly() throws Exception {
        String tooShort = "short-secret-0123456789abcdef-31";
        String nonAscii = "secr\u00e9t-0123456789abcdef0123456789abcdef";
        String innerSpace = "secret 0123456789abcdef0123456789abcdef";
        for (String unusable : List.of(tooShort.substring(1), nonAscii, innerSpace)) {
            SharedSecretFilter filter = initialised(Map.of("SSF_UNUSABLE", unusable, "SHARED_SECRET", SECRET),
                    new FakeFilterConfig("unusable").param("secretEnv", "SSF_UNUSABLE,SHARED_SECRET"));
            assertRejected(run(filter, get().header("X-Shared-Secret", unusable)), 401, INVALID);
            assertEquals(200, run(filter, get().header("X-Shared-Secret", SECRET)).status());
            assertTrue(CapturedLogs.all().stream().noneMatch(line -> line.text().contains(unusable)));
        }
        assertTrue(CapturedLogs.texts("ERROR", t -> t.equals("Environment variable [SSF_UNUSABLE] is ignored: " + RULE)).size() >= 3);
    }

    @Test
    void acceptsASecretOfExactly32VisibleCharacters() throws Exception {
        String shortest = "!\"#$%&'()*+,-./0123456789:;<=>?@";
        assertEquals(32, shortest.length());
        FakeHttpRequest request = get().header("X-Shared-Secret", shortest);
        assertPassed(request, run(withSecret(shortest), request));
        assertRejected(run(withSecret(shortest.substring(1)), get().header("X-Shared-Secret", shortest.substring(1))),
                500, MISCONFIGURED);
    }

    @Test
    void trimsSurroundingWhitespaceOfTheSecret() throws Exception {
        FakeHttpRequest request = get().header("X-Shared-Secret", SECRET);
        assertPassed(request, run(withSecret(" \t" + SECRET + "\r\n"), request));
    }

    @Test
    void answers500BeforeInitAndAfterDestroy() throws Exception {
        SharedSecretFilter filter = new SharedSecretFilter(Map.of("SHARED_SECRET", SECRET)::get);
        assertEquals("SharedSecretFilter[not initialised]", filter.toString());
        assertRejected(run(filter, get().header("X-Shared-Secret", SECRET)), 500, MISCONFIGURED);
        filter.init(new FakeFilterConfig("lifecycle"));
        assertEquals(200, run(filter, get().header("X-Shared-Secret", SECRET)).status());
        filter.destroy();
        assertRejected(run(filter, get().header("X-Shared-Secret", SECRET)), 500, MISCONFIGURED);
    }

    @Test
    void refusesNonHttpRequests() throws Exception {
        SharedSecretFilter filter = withSecret(SECRET);
        ServletException e = assertThrows(ServletException.class, () -> filter.doFilter(
                new ServletRequestWrapper(get().header("X-Shared-Secret", SECRET)), new FakeHttpResponse(), chain));
        assertEquals("SharedSecretFilter accepts only HTTP requests", e.getMessage());
        assertEquals(0, chain.calls());
    }

    @Test
    void builderConfiguresTheSameFilter() throws Exception {
        SharedSecretFilter filter = SharedSecretFilter.builder()
                .headerName("X-Origin-Token")
                .secretEnv("NEW", "OLD")
                .environment(Map.of("OLD", PREVIOUS)::get)
                .build();
        filter.init(new FakeFilterConfig("built"));
        FakeHttpRequest request = get().header("x-origin-token", PREVIOUS);
        assertPassed(request, run(filter, request));
        assertEquals("SharedSecretFilter[headerName=X-Origin-Token, secrets=1]", filter.toString());
        assertEquals("env:OLD", request.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE));
    }

    @Test
    void logsOneInfoLineAtInitWithoutValues() throws Exception {
        initialised(Map.of("A_SECRET", SECRET, "B_SECRET", PREVIOUS),
                new FakeFilterConfig("infoLine").param("secretEnv", "A_SECRET, B_SECRET, C_SECRET"));
        assertEquals(List.of("SharedSecretFilter [infoLine] checks header [X-Shared-Secret] against 2 usable secret(s)"
                + " from environment variables [A_SECRET, B_SECRET, C_SECRET]"),
                CapturedLogs.texts("INFO", t -> t.startsWith("SharedSecretFilter [infoLine]")));
    }

    @Test
    void logsRejectionsAtDebugWithoutTheReceivedValue() throws Exception {
        String received = "received-value-that-must-not-be-logged";
        run(withSecret(SECRET), new FakeHttpRequest("POST", "/debug-log").header("X-Shared-Secret", received));
        assertEquals(List.of("Rejected POST /debug-log: header invalid"),
                CapturedLogs.texts("DEBUG", t -> t.contains("/debug-log")));
        assertTrue(CapturedLogs.all().stream().noneMatch(line -> line.text().contains(received)));
        assertTrue(CapturedLogs.all().stream().noneMatch(line -> line.text().contains(SECRET)));
    }

    @Test
    void toStringNeverShowsASecret() throws Exception {
        SharedSecretFilter filter = withSecret(SECRET);
        assertEquals("SharedSecretFilter[headerName=X-Shared-Secret, secrets=1]", filter.toString());
        assertEquals("Secrets[env:A, env:B]", new Secrets(List.of(SECRET.getBytes(StandardCharsets.US_ASCII),
                PREVIOUS.getBytes(StandardCharsets.US_ASCII)), List.of("env:A", "env:B")).toString());
        assertNull(CapturedLogs.all().stream().filter(l -> l.text().contains(SECRET)).findAny().orElse(null));
    }
}
