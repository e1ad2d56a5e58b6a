package dev.sharedsecret.demo;

import dev.sharedsecret.SharedSecretFilter;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo: embedded Jetty 12 with {@link SharedSecretFilter} mapped to {@code /*}, serving
 * {@code /protected} behind it and {@code /health}, excluded, without a secret. Run with {@code mvn -q test-compile exec:java}.
 *
 * <p>It listens on {@code PORT} (default 8080) and accepts the secret in {@code SHARED_SECRET} and
 * the secrets in the files named by {@code SHARED_SECRET_FILE} (comma-separated absolute paths, one
 * secret each, re-read when they change, as the filter's {@code secretFile} does). If neither is
 * set, the demo (and only the demo) makes up a random 256-bit secret for the run and prints it with
 * a curl line to try.
 */
public final class DemoServer {
    private DemoServer() {}

    /**
     * Creates, but does not start, the demo server with one secret.
     *
     * @param port the port to listen on, 0 for any free one
     * @param secret the value the filter finds in {@code SHARED_SECRET}
     * @return the server, ready to start
     */
    public static Server createServer(int port, String secret) {
        return createServer(port, secret, List.of());
    }

    /**
     * Creates, but does not start, the demo server.
     *
     * @param port the port to listen on, 0 for any free one
     * @param secret the value the filter finds in {@code SHARED_SECRET}, or {@code null} for none
     * @param secretFiles absolute paths of files holding one secret each, re-read when they change;
     *     may be empty
     * @return the server, ready to start
     * @throws IllegalArgumentException if there is neither a secret nor a file, or a path is not
     *     absolute
     */
    public static Server createServer(int port, String secret, List<Path> secretFiles) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(ProtectedServlet.class, "/protected");
        context.addServlet(HealthServlet.class, "/health");
        if (secret == null && secretFiles.isEmpty()) {
            throw new IllegalArgumentException("The demo needs a secret or a secret file");
        }
        SharedSecretFilter.Builder builder = SharedSecretFilter.builder().excludePaths("/health");
        if (secret != null) {
            builder.secretEnv("SHARED_SECRET").environment(name -> "SHARED_SECRET".equals(name) ? secret : null);
        }
        if (!secretFiles.isEmpty()) {
            builder.secretFile(secretFiles.toArray(new Path[0]));
        }
        SharedSecretFilter filter = builder.build();
        FilterHolder holder = new FilterHolder(filter);
        holder.setName("sharedSecret");
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.setStopAtShutdown(true);
        return server;
    }

    /**
     * Starts the demo and serves until Ctrl-C or SIGTERM.
     *
     * @param args ignored
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = port(System.getenv("PORT"));
        String secret = System.getenv("SHARED_SECRET");
        List<Path> secretFiles = secretFiles(System.getenv("SHARED_SECRET_FILE"));
        boolean generated = secret == null && secretFiles.isEmpty();
        if (generated) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            secret = HexFormat.of().formatHex(random);
        }
        Server server = createServer(port, secret, secretFiles);
        server.start();
        int actualPort = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        String base = "http://localhost:" + actualPort;
        System.out.println();
        System.out.println("Demo listening on " + base + " (Ctrl-C to stop)");
        if (generated) {
            System.out.println("SHARED_SECRET and SHARED_SECRET_FILE were not set; this run's secret (demo only): " + secret);
            System.out.println("  curl -i -H 'X-Shared-Secret: " + secret + "' " + base + "/protected");
        } else if (secret != null) {
            System.out.println("  curl -i -H \"X-Shared-Secret: $SHARED_SECRET\" " + base + "/protected");
        } else {
            System.out.println("  curl -i -H \"X-Shared-Secret: $(cat " + secretFiles.get(0) + ")\" " + base + "/protected");
        }
        System.out.println("  curl -i " + base + "/protected     # 401 No secret provided");
        System.out.println("  curl -i " + base + "/health        # 200, no secret needed");
        server.join();
    }

    /** The comma-separated paths in {@code value}, trimmed, empty entries ignored; none if unset. */
    private static List<Path> secretFiles(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(p -> !p.isEmpty()).map(Path::of).toList();
    }

    private static int port(String value) {
        if (value == null || value.isBlank()) {
            return 8080;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PORT must be a number from 0 to 65535 but was [" + value + "]");
    }
}
