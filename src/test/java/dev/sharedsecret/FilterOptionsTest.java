package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sharedsecret.testlog.CapturedLogs;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** stripHeader, excludePaths, allowCorsPreflight and the source attribute, through the filter. */
class FilterOptionsTest {
    private static final String SECRET = "options-secret-0123456789abcdef-01";
    private static final Map<String, String> ENVIRONMENT = Map.of("SHARED_SECRET", SECRET);

    private FakeFilterChain chain;

    private static SharedSecretFilter filter(FakeFilterConfig config, Map<String, String> environment) throws Exception {
        SharedSecretFilter filter = new SharedSecretFilter(environment::get);
        filter.init(config);
        return filter;
    }

    private int send(SharedSecretFilter filter, FakeHttpRequest request) throws Exception {
        FakeHttpResponse response = new FakeHttpResponse();
        chain = new FakeFilterChain();
        filter.doFilter(request, response, chain);
        assertEquals(response.status() == 200 ? 1 : 0, chain.calls());
        return response.status();
    }

    @Test
    void hidesTheHeaderFromTheApplicationByDefault() throws Exception {
        SharedSecretFilter filter = filter(new FakeFilterConfig("strip"), ENVIRONMENT);
        assertEquals(200, send(filter, new FakeHttpRequest("GET", "/x").header("x-shared-secret", SECRET)));
        HttpServletRequest seen = assertInstanceOf(HeaderHidingRequest.class, chain.request());
        assertNull(seen.getHeader("X-Shared-Secret"));
        filter.destroy();
    }

    @Test
    void passesTheRequestUnwrappedWhenStripHeaderIsFalse() throws Exception {
        SharedSecretFilter filter = filter(new FakeFilterConfig("noStrip").param("stripHeader", "false"), ENVIRONMENT);
        FakeHttpRequest request = new FakeHttpRequest("GET", "/x").header("X-Shared-Secret", SECRET);
        assertEquals(200, send(filter, request));
        assertSame(request, chain.request());
        filter.destroy();
    }

    @Test
    void namesTheSourceOfTheMatchingSecret() throws Exception {
        SharedSecretFilter filter = filter(new FakeFilterConfig("source").param("secretEnv", "NEW,OLD"),
                Map.of("NEW", SECRET, "OLD", SECRET.replace('0', 'o')));
        FakeHttpRequest request = new FakeHttpRequest("GET", "/x").header("X-Shared-Secret", SECRET.replace('0', 'o'));
        assertEquals(200, send(filter, request));
        assertEquals("env:OLD", request.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE));
        FakeHttpRequest rejected = new FakeHttpRequest("GET", "/x").header("X-Shared-Secret", "wrong");
        assertEquals(401, send(filter, rejected));
        assertNull(rejected.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE));
        filter.destroy();
    }

    @Test
    void excludedPathsPassWithoutASecretEvenWhenUnconfigured() throws Exception {
        SharedSecretFilter filter = filter(new FakeFilterConfig("exclude").param("excludePaths", "/health,/public/*"), Map.of());
        assertEquals(200, send(filter, new FakeHttpRequest("GET", "/health")));
        assertEquals(200, send(filter, new FakeHttpRequest("GET", "/public/a.css")));
        FakeHttpRequest withHeader = new FakeHttpRequest("GET", "/health").header("X-Shared-Secret", "anything");
        assertEquals(200, send(filter, withHeader));
        assertInstanceOf(HeaderHidingRequest.class, chain.request());
        assertNull(withHeader.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE));
        assertEquals(500, send(filter, new FakeHttpRequest("GET", "/healthz")));
        assertEquals(500, send(filter, new FakeHttpRequest("GET", "/api").servletPath("/public/../api")));
        assertEquals(0L, filter.metrics().getAccepted());
        filter.destroy();
    }

    @Test
    void corsPreflightNeedsASecretByDefault() throws Exception {
        SharedSecretFilter filter = filter(new FakeFilterConfig("noCors"), ENVIRONMENT);
        assertEquals(401, send(filter, preflight()));
        filter.destroy();
    }

    @Test
    void corsPreflightPassesWhenAllowed() throws Exception {
        SharedSecretFilter filter = filter(new FakeFilterConfig("cors").param("allowCorsPreflight", "true"), ENVIRONMENT);
        assertEquals(200, send(filter, preflight()));
        assertEquals(401, send(filter, new FakeHttpRequest("OPTIONS", "/x").header("Origin", "https://app.example")));
        assertEquals(401, send(filter, new FakeHttpRequest("OPTIONS", "/x").header("Access-Control-Request-Method", "PUT")));
        assertEquals(401, send(filter, new FakeHttpRequest("GET", "/x").header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "PUT")));
        assertEquals(401, send(filter, new FakeHttpRequest("options", "/x").header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "PUT")));
        filter.destroy();
    }

    @Test
    void initLineMentionsExclusionsAndPreflight() throws Exception {
        filter(new FakeFilterConfig("described").param("excludePaths", "/health, /public/*")
                .param("allowCorsPreflight", "true"), ENVIRONMENT).destroy();
        assertEquals(List.of("SharedSecretFilter [described] checks header [X-Shared-Secret] against 1 usable secret(s)"
                + " from environment variables [SHARED_SECRET]; paths excluded: [/health, /public/*];"
                + " CORS preflight requests pass"), CapturedLogs.texts("INFO", t -> t.startsWith("SharedSecretFilter [described]")));
    }

    @Test
    void checksARequestOnceWhenItMeetsTheFilterAgain() throws Exception {
        SharedSecretFilter filter = filter(new FakeFilterConfig("twice"), ENVIRONMENT);
        FakeHttpRequest request = new FakeHttpRequest("GET", "/x").header("X-Shared-Secret", SECRET);
        assertEquals(200, send(filter, request));
        HttpServletRequest wrapped = assertInstanceOf(HeaderHidingRequest.class, chain.request());
        FakeHttpResponse again = new FakeHttpResponse();
        FakeFilterChain next = new FakeFilterChain();
        filter.doFilter(wrapped, again, next);
        assertEquals(1, next.calls());
        assertSame(wrapped, next.request());
        assertEquals(200, again.status());
        assertEquals(1L, filter.metrics().getAccepted());
        assertEquals(0L, filter.metrics().getRejectedMissing());
        filter.destroy();
    }

    @Test
    void anotherFilterInstanceChecksTheRequestItself() throws Exception {
        SharedSecretFilter first = filter(new FakeFilterConfig("first").param("stripHeader", "false"), ENVIRONMENT);
        SharedSecretFilter second = filter(new FakeFilterConfig("second"), Map.of("SHARED_SECRET", SECRET.replace('0', 'x')));
        FakeHttpRequest request = new FakeHttpRequest("GET", "/x").header("X-Shared-Secret", SECRET);
        assertEquals(200, send(first, request));
        assertEquals(401, send(second, request));
        first.destroy();
        second.destroy();
    }

    private static FakeHttpRequest preflight() {
        return new FakeHttpRequest("OPTIONS", "/x").header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "PUT");
    }
}
