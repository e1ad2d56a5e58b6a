package dev.sharedsecret;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of {@link SharedSecretFilter#doFilter} per request, against a no-op filter. Requests
 * and responses are {@link BenchRequest} and {@link BenchResponse}: fixed, reusable and without
 * allocation of their own beyond what the servlet API forces (the header enumeration), so the
 * numbers are the filter's. Logging is off (SLF4J's no-op provider), as DEBUG is in production.
 *
 * <p>Run: see docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider")
public class FilterBenchmark {
    @Param({"1", "4"})
    public int secrets;

    @Param({"32", "64", "512"})
    public int length;

    private SharedSecretFilter filter;
    private final Filter noOp = (request, response, chain) -> chain.doFilter(request, response);
    private BenchRequest valid;
    private BenchRequest missing;
    private BenchRequest invalid;
    private BenchRequest duplicate;
    private BenchResponse response;
    private FilterChain chain;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws ServletException {
        Map<String, String> environment = new HashMap<>();
        String[] names = new String[secrets];
        for (int i = 0; i < secrets; i++) {
            names[i] = "SECRET_" + i;
            environment.put(names[i], secret(i, length));
        }
        filter = SharedSecretFilter.builder().secretEnv(names).environment(environment::get).build();
        filter.init(new FakeFilterConfig("bench"));
        String accepted = secret(secrets - 1, length);
        valid = new BenchRequest(List.of(accepted));
        missing = new BenchRequest(List.of());
        invalid = new BenchRequest(List.of(accepted.substring(0, length - 1) + "!"));
        duplicate = new BenchRequest(List.of(accepted, accepted));
        response = new BenchResponse();
        chain = (request, response) -> blackhole.consume(request);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        filter.destroy();
    }

    /** The last configured secret, so that with several the match is the worst case for a naive loop. */
    private static String secret(int index, int length) {
        StringBuilder secret = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            secret.append((char) ('!' + (i * 7 + index * 13) % 94));
        }
        return secret.toString();
    }

    @Benchmark
    public int baselineNoOpFilter() throws IOException, ServletException {
        noOp.doFilter(valid, response, chain);
        return response.status();
    }

    @Benchmark
    public int accept() throws IOException, ServletException {
        filter.doFilter(valid, response, chain);
        return response.status();
    }

    @Benchmark
    public int rejectMissing() throws IOException, ServletException {
        filter.doFilter(missing, response, chain);
        return response.status();
    }

    @Benchmark
    public int rejectInvalid() throws IOException, ServletException {
        filter.doFilter(invalid, response, chain);
        return response.status();
    }

    @Benchmark
    public int rejectDuplicate() throws IOException, ServletException {
        filter.doFilter(duplicate, response, chain);
        return response.status();
    }
}
