package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;

/** The application as packaged, on a random port, over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ConsumerApplicationTest {

    static final String SECRET = "consumer-test-secret-0123456789abcdef0123";
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Test
    void acceptsTheSecretFromApplicationProperties() throws Exception {
        var response = get(port, "/protected", SECRET);
        assertEquals(200, response.statusCode());
        assertEquals("hello", response.body());
    }

    @Test
    void acceptsThePreviousSecretFromTheEnvironment() throws Exception {
        var response = get(port, "/protected", "consumer-previous-secret-fedcba9876543210");
        assertEquals(200, response.statusCode());
    }

    @Test
    void rejectsAMissingSecret() throws Exception {
        var response = get(port, "/protected", null);
        assertEquals(401, response.statusCode());
        assertEquals("{\"error\":\"No secret provided\"}", response.body());
    }

    @Test
    void rejectsAWrongSecret() throws Exception {
        var response = get(port, "/protected", SECRET + "x");
        assertEquals(401, response.statusCode());
        assertEquals("{\"error\":\"Invalid secret\"}", response.body());
    }

    @Test
    void letsTheHealthCheckThrough() throws Exception {
        var response = get(port, "/health", null);
        assertEquals(200, response.statusCode());
        assertEquals("up", response.body());
    }

    @Test
    void failsClosedWithoutASecret() throws Exception {
        // A second instance of the same application, the secret emptied by a command-line argument.
        try (ConfigurableApplicationContext unconfigured = new SpringApplicationBuilder(ConsumerApplication.class)
                .run("--server.port=0", "--shared-secret.current=", "--shared-secret.previous=")) {
            int otherPort = Integer.parseInt(unconfigured.getEnvironment().getProperty("local.server.port"));
            var response = get(otherPort, "/protected", SECRET);
            assertEquals(500, response.statusCode());
            assertEquals("{\"error\":\"Server configuration error\"}", response.body());
            assertEquals(200, get(otherPort, "/health", null).statusCode());
        }
    }

    static HttpResponse<String> get(int port, String path, String secret) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (secret != null) {
            request.header("X-Shared-Secret", secret);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
