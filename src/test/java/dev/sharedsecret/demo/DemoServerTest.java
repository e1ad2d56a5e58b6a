package dev.sharedsecret.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
