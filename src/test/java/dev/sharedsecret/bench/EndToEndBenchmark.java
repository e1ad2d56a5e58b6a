package dev.sharedsecret.bench;

import dev.sharedsecret.SharedSecretFilter;
import dev.sharedsecret.demo.ProtectedServlet;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * End-to-end throughput on loopback: one embedded Jetty 12 serving the sample servlet at
 * {@code /open} without the filter and at {@code /protected} behind it, and a closed-loop load of
 * {@value #CONNECTIONS} concurrent clients (Jetty's HTTP client, keep-alive) in the same JVM.
 * Variants are measured in interleaved rounds (A B C A B C …), so that drift of the machine hits
 * all of them alike; the medians and the per-round ratios with their spread are printed.
 *
 * <ul>
 * <li>A: {@code /open}, no filter;</li>
 * <li>B: {@code /protected} with the valid secret (the filter's accept path);</li>
 * <li>C: {@code /protected} without the header (the filter answers 401).</li>
 * </ul>
 *
 * <p>Bounded: {@code rounds} rounds of {@code seconds} seconds per variant, loopback only. Run it
 * with the README's command; arguments {@code [rounds] [seconds]} default to 6 and 3.
 */
public final class EndToEndBenchmark {
    static final int CONNECTIONS = 16;
    private static final String SECRET = "bench-secret-0123456789abcdef0123456789abcdef0123456789abcdef01";

    private EndToEndBenchmark() {}

    /**
     * Runs the measurement and prints the results.
     *
     * @param args optional rounds and seconds per round
     * @throws Exception if the server or the client fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Server server = server();
        server.start();
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        HttpClient client = new HttpClient();
        client.setMaxConnectionsPerDestination(CONNECTIONS);
        client.start();
        ExecutorService users = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            String base = "http://127.0.0.1:" + port;
            Variant[] variants = {
                new Variant("A no filter", base + "/open", null, 200),
                new Variant("B filter, valid secret", base + "/protected", SECRET, 200),
                new Variant("C filter, 401", base + "/protected", null, 401),
            };
            System.out.printf(Locale.ROOT, "end-to-end: Jetty 12, %d clients, %d rounds x %d s per variant, JDK %s, %d cores%n",
                    CONNECTIONS, rounds, seconds, Runtime.version(), Runtime.getRuntime().availableProcessors());
            for (Variant variant : variants) {
                run(client, users, variant, 2); // warm-up, discarded
            }
            for (int round = 1; round <= rounds; round++) {
                StringBuilder line = new StringBuilder("round " + round + ":");
                for (Variant variant : variants) {
                    double rate = run(client, users, variant, seconds);
                    variant.rates.add(rate);
                    line.append(String.format(Locale.ROOT, "  %s %,.0f/s", variant.name.substring(0, 1), rate));
                }
                System.out.println(line);
            }
            report(variants);
        } finally {
            users.shutdownNow();
            client.stop();
            server.stop();
        }
    }

    private static Server server() {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(ProtectedServlet.class, "/open");
        context.addServlet(ProtectedServlet.class, "/protected");
        SharedSecretFilter filter = SharedSecretFilter.builder()
                .environment(Map.of("SHARED_SECRET", SECRET)::get)
                .build();
        context.addFilter(new FilterHolder(filter), "/protected", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        return server;
    }

    /** Keeps {@value #CONNECTIONS} users sending for {@code seconds}; returns completed requests per second. */
    private static double run(HttpClient client, ExecutorService users, Variant variant, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<Long>> counts = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < CONNECTIONS; i++) {
            counts.add(users.submit(() -> {
                long done = 0;
                while (System.nanoTime() - deadline < 0) {
                    Request request = client.newRequest(variant.url).timeout(10, TimeUnit.SECONDS);
                    if (variant.secret != null) {
                        request.headers(headers -> headers.put("X-Shared-Secret", variant.secret));
                    }
                    ContentResponse response = request.send();
                    if (response.getStatus() != variant.expected) {
                        throw new IllegalStateException(variant.name + ": status " + response.getStatus());
                    }
                    done++;
                }
                return done;
            }));
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private static void report(Variant[] variants) {
        for (Variant variant : variants) {
            System.out.printf(Locale.ROOT, "median %-24s %,10.0f requests/s%n", variant.name, median(variant.rates));
        }
        ratios("B/A (filter accept vs no filter)", variants[1], variants[0]);
        ratios("C/B (filter 401 vs filter accept)", variants[2], variants[1]);
    }

    private static void ratios(String label, Variant numerator, Variant denominator) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < numerator.rates.size(); i++) {
            ratios.add(numerator.rates.get(i) / denominator.rates.get(i));
        }
        StringBuilder each = new StringBuilder();
        ratios.forEach(ratio -> each.append(String.format(Locale.ROOT, " %.3f", ratio)));
        System.out.printf(Locale.ROOT, "ratio %s: median %.3f, min %.3f, max %.3f; per round:%s%n", label, median(ratios),
                ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0), each);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static final class Variant {
        final String name;
        final String url;
        final String secret;
        final int expected;
        final List<Double> rates = new ArrayList<>();

        Variant(String name, String url, String secret, int expected) {
            this.name = name;
            this.url = url;
            this.secret = secret;
            this.expected = expected;
        }
    }
}
