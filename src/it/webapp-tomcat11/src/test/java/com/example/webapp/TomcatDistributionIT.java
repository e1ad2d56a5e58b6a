package com.example.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Deploys target/app.war into a copy of an unpacked Tomcat distribution (its own CATALINA_BASE,
 * a free port, no shutdown port) and starts it with bin/catalina.sh run, as an administrator would.
 */
class TomcatDistributionIT {

    static final String SECRET = "webapp-test-secret-0123456789abcdef012345";
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void checksTheSecretFromTheEnvironment() throws Exception {
        try (var tomcat = Tomcat.start("configured", Map.of("SHARED_SECRET", SECRET))) {
            var ok = tomcat.get("/app/hello.txt", SECRET);
            assertEquals(200, ok.statusCode());
            assertEquals("hello\n", ok.body());
            var missing = tomcat.get("/app/hello.txt", null);
            assertEquals(401, missing.statusCode());
            assertEquals("{\"error\":\"No secret provided\"}", missing.body());
            var wrong = tomcat.get("/app/hello.txt", SECRET + "x");
            assertEquals(401, wrong.statusCode());
            assertEquals("{\"error\":\"Invalid secret\"}", wrong.body());
            assertEquals(200, tomcat.get("/app/health", null).statusCode());
            assertTrue(tomcat.log().contains("Server version name:   Apache Tomcat/" + System.getProperty("tomcat.version")),
                    "runs the expected Tomcat");
        }
    }

    @Test
    void failsClosedWithoutASecret() throws Exception {
        try (var tomcat = Tomcat.start("unconfigured", Map.of())) {
            var response = tomcat.get("/app/hello.txt", SECRET);
            assertEquals(500, response.statusCode());
            assertEquals("{\"error\":\"Server configuration error\"}", response.body());
            assertEquals(200, tomcat.get("/app/health", null).statusCode());
            assertTrue(tomcat.log().contains("No usable secret in environment variables [SHARED_SECRET, SHARED_SECRET_PREVIOUS]"),
                    "the filter's ERROR line reaches Tomcat's log");
        }
    }

    record Tomcat(Process process, int port, Path logFile) implements AutoCloseable {

        static Tomcat start(String name, Map<String, String> env) throws Exception {
            Path home = Path.of(System.getProperty("tomcat.home"));
            Path base = Path.of("target", "tomcat-" + name).toAbsolutePath();
            for (String dir : new String[] {"conf", "logs", "temp", "webapps", "work"}) {
                Files.createDirectories(base.resolve(dir));
            }
            try (var files = Files.list(home.resolve("conf"))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file)) {
                        Files.copy(file, base.resolve("conf").resolve(file.getFileName()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            int port;
            try (var socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path serverXml = base.resolve("conf/server.xml");
            Files.writeString(serverXml, Files.readString(serverXml)
                    .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                    .replace("port=\"8080\"", "port=\"" + port + "\""));
            Files.copy(Path.of(System.getProperty("war")), base.resolve("webapps/app.war"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            Path logFile = base.resolve("logs/console.log");
            var builder = new ProcessBuilder("bash", home.resolve("bin/catalina.sh").toString(), "run")
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("SHARED_SECRET") || key.startsWith("CATALINA_")
                    || key.equals("JAVA_OPTS"));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("CATALINA_HOME", home.toString());
            builder.environment().put("CATALINA_BASE", base.toString());
            builder.environment().put("CATALINA_OPTS", "-XX:TieredStopAtLevel=1"); // a short-lived JVM: C1 only
            builder.environment().putAll(env);
            var tomcat = new Tomcat(builder.start(), port, logFile);
            tomcat.awaitDeployed();
            return tomcat;
        }

        void awaitDeployed() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Tomcat exited:\n" + log());
                }
                try {
                    if (get("/app/health", null).statusCode() == 200) {
                        return;
                    }
                } catch (ConnectException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("Tomcat did not deploy /app within 60 s:\n" + log());
        }

        HttpResponse<String> get(String path, String secret) throws IOException, InterruptedException {
            var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(10));
            if (secret != null) {
                request.header("X-Shared-Secret", secret);
            }
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
