package dev.sharedsecret.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharedsecret.testlog.SentValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo, started on port 0 and used over HTTP as a person would. */
class DemoServerTest {
    private static final String SECRET = "demo-secret-0123456789abcdef0123456789";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static Server server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        server = DemoServer.createServer(0, SECRET);
        server.start();
        base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static HttpResponse<String> get(String path, String secret) throws Exception {
        return get(base, path, secret);
    }

    private static HttpResponse<String> get(String base, String path, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (secret != null) {
            SentValues.recordHeader("X-Shared-Secret", secret);
            request.header("X-Shared-Secret", secret);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void protectedAnswersWithTheSecret() throws Exception {
        HttpResponse<String> response = get("/protected", SECRET);
        assertEquals(200, response.statusCode());
        assertEquals("{\"message\":\"Access granted\"}", response.body());
    }

    @Test
    void protectedRejectsMissingAndWrongSecrets() throws Exception {
        assertEquals("{\"error\":\"No secret provided\"}", get("/protected", null).body());
        HttpResponse<String> wrong = get("/protected", "not-the-demo-secret");
        assertEquals(401, wrong.statusCode());
        assertEquals("{\"error\":\"Invalid secret\"}", wrong.body());
    }

    @Test
    void healthNeedsNoSecret() throws Exception {
        HttpResponse<String> response = get("/health", null);
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"ok\"}", response.body());
    }

    @Test
    void everyOtherPathNeedsTheSecret() throws Exception {
        assertEquals(401, get("/nothing-here", null).statusCode());
        assertEquals(401, get("/health/x", null).statusCode());
        assertEquals(404, get("/nothing-here", SECRET).statusCode());
    }

    @Test
    void acceptsTheSecretsOfItsFiles(@TempDir Path dir) throws Exception {
        String current = "demo-file-secret-current-0123456789abcdef";
        String next = "demo-file-secret-next-0123456789abcdef0123";
        Path currentFile = Files.writeString(dir.resolve("current"), current + "\n");
        Path nextFile = Files.writeString(dir.resolve("next"), next);
        Server files = DemoServer.createServer(0, null, List.of(currentFile, nextFile));
        files.start();
        try {
            String filesBase = "http://127.0.0.1:" + ((ServerConnector) files.getConnectors()[0]).getLocalPort();
            assertEquals(200, get(filesBase, "/protected", current).statusCode());
            assertEquals(200, get(filesBase, "/protected", next).statusCode());
            assertEquals(401, get(filesBase, "/protected", SECRET).statusCode());
        } finally {
            files.stop();
        }
    }

    @Test
    void sendsNoServerHeader() throws Exception {
        for (HttpResponse<String> response : List.of(get("/protected", SECRET), get("/protected", null), get("/health", null),
                get("/nothing-here", SECRET))) {
            assertTrue(response.headers().firstValue("Server").isEmpty(), response.uri() + " " + response.headers().map());
        }
    }

    @Test
    void judgesSecretsByTheFiltersRule() throws Exception {
        String hex32 = "0123456789abcdef0123456789abcdef";
        for (String value : List.of(hex32, hex32.substring(1), " \t" + hex32 + "\r\n", hex32 + "\f\u000B", "mysecret",
                hex32 + " x", hex32 + "\u00e9", "\u00a0" + hex32, hex32 + "\u0000", hex32 + "~!")) {
            Server judged = DemoServer.createServer(0, value);
            judged.start();
            try {
                String judgedBase = "http://127.0.0.1:" + ((ServerConnector) judged.getConnectors()[0]).getLocalPort();
                boolean filterTakesIt = get(judgedBase, "/protected", null).statusCode() != 500;
                assertEquals(filterTakesIt, DemoServer.usable(value), value.length() + " characters");
            } finally {
                judged.stop();
            }
        }
    }

    @Test
    void bannerSaysWhenTheSecretIsUnusableAndWhatTheCurlLinesGet() {
        assertEquals("""
                Demo listening on http://localhost:8080 (Ctrl-C to stop)
                SHARED_SECRET is not usable (see the ERROR line above): a secret must be at least 32 characters of visible
                ASCII (0x21-0x7E). Generate one with: openssl rand -hex 32
                Until then every request but /health is answered 500:
                  curl -i -H "X-Shared-Secret: $SHARED_SECRET" http://localhost:8080/protected   # 500 {"error":"Server configuration error"}
                  curl -i http://localhost:8080/protected   # 500 {"error":"Server configuration error"}
                  curl -i http://localhost:8080/health      # 200 {"status":"ok"}, no secret needed
                """, DemoServer.banner("http://localhost:8080", "mysecret", List.of(), null));
    }

    @Test
    void bannerPromisesTheAnswersOfAUsableSecret(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "");
        Path good = Files.writeString(dir.resolve("good"), SECRET + "\n");
        assertEquals("""
                Demo listening on http://localhost:8080 (Ctrl-C to stop)
                  curl -i -H "X-Shared-Secret: $(cat %s)" http://localhost:8080/protected   # 200 {"message":"Access granted"}
                  curl -i http://localhost:8080/protected   # 401 {"error":"No secret provided"}
                  curl -i http://localhost:8080/health      # 200 {"status":"ok"}, no secret needed
                """.formatted(good), DemoServer.banner("http://localhost:8080", "short", List.of(empty, good), null));
        assertTrue(DemoServer.banner("http://localhost:8080", null, List.of(empty), null)
                .contains("No file in SHARED_SECRET_FILE holds a usable secret yet"));
        String generated = DemoServer.banner("http://localhost:8080", null, List.of(), SECRET);
        assertTrue(generated.contains("this run's secret (demo only): " + SECRET + "\n"), generated);
        assertTrue(generated.contains("curl -i -H 'X-Shared-Secret: " + SECRET + "' http://localhost:8080/protected   # 200"), generated);
    }
}
