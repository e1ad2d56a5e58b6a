package dev.sharedsecret.demo;

import dev.sharedsecret.SharedSecretFilter;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConnectionFactory;
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
 * a curl line to try. Under its banner it tells what each curl line will answer, and when no secret
 * it was given is usable, says so with the rule. It sends no {@code Server} header, as a production
 * server should not.
 */
public final class DemoServer {
    /** The filter's rule for a usable secret, after ASCII whitespace is trimmed from both ends. */
    private static final Pattern USABLE = Pattern.compile("[ \\t\\r\\n\\f\\x0B]*[\\x21-\\x7E]{32,}[ \\t\\r\\n\\f\\x0B]*");

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
        // No "Server: Jetty(12.x)" header: a version is a gift to whoever scans for old ones.
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().setSendServerVersion(false);
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
        System.out.println();
        System.out.print(banner("http://localhost:" + actualPort, generated ? null : secret, secretFiles,
                generated ? secret : null));
        server.join();
    }

    /**
     * The lines printed once the demo listens: where, what was configured, and a curl line for each
     * answer, with the answer it will really get. It names no secret but a generated one.
     *
     * @param base the demo's address
     * @param secret the value of {@code SHARED_SECRET}, or {@code null} if unset or generated
     * @param secretFiles the files of {@code SHARED_SECRET_FILE}, possibly empty
     * @param generated the secret the demo made up for this run, or {@code null}
     * @return the banner, one line per {@code \n}
     */
    static String banner(String base, String secret, List<Path> secretFiles, String generated) {
        StringBuilder out = new StringBuilder("Demo listening on " + base + " (Ctrl-C to stop)\n");
        String withSecret;
        boolean usable;
        if (generated != null) {
            out.append("SHARED_SECRET and SHARED_SECRET_FILE were not set; this run's secret (demo only): ")
                    .append(generated).append('\n');
            withSecret = "'X-Shared-Secret: " + generated + "'";
            usable = true;
        } else {
            boolean envUsable = secret != null && usable(secret);
            Path usableFile = secretFiles.stream().filter(DemoServer::holdsUsableSecret).findFirst().orElse(null);
            usable = envUsable || usableFile != null;
            withSecret = envUsable || usableFile == null && secret != null
                    ? "\"X-Shared-Secret: $SHARED_SECRET\""
                    : "\"X-Shared-Secret: $(cat " + (usableFile != null ? usableFile : secretFiles.get(0)) + ")\"";
            if (!usable) {
                out.append(secret != null && secretFiles.isEmpty() ? "SHARED_SECRET is not usable"
                                : secret == null ? "No file in SHARED_SECRET_FILE holds a usable secret yet"
                                : "Neither SHARED_SECRET nor a file in SHARED_SECRET_FILE holds a usable secret")
                        .append(" (see the ERROR line above): a secret must be at least 32 characters of visible\n")
                        .append("ASCII (0x21-0x7E). Generate one with: openssl rand -hex 32\n")
                        .append("Until then every request but /health is answered 500:\n");
            }
        }
        String misconfigured = "# 500 {\"error\":\"Server configuration error\"}";
        out.append("  curl -i -H ").append(withSecret).append(' ').append(base).append("/protected   ")
                .append(usable ? "# 200 {\"message\":\"Access granted\"}" : misconfigured).append('\n');
        out.append("  curl -i ").append(base).append("/protected   ")
                .append(usable ? "# 401 {\"error\":\"No secret provided\"}" : misconfigured).append('\n');
        out.append("  curl -i ").append(base).append("/health      # 200 {\"status\":\"ok\"}, no secret needed\n");
        return out.toString();
    }

    /** Whether the filter will take {@code value} as a secret (DemoServerTest holds the two to the same rule). */
    static boolean usable(String value) {
        return USABLE.matcher(value).matches();
    }

    private static boolean holdsUsableSecret(Path file) {
        try {
            return Files.isRegularFile(file) && usable(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return false;
        }
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
