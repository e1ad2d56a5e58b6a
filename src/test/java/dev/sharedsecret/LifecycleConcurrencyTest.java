package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sharedsecret.testlog.SentValues;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Requests that arrive before {@code init} completes or after {@code destroy} never pass. Worker
 * threads send requests carrying the valid secret through one filter while the main thread runs it
 * through init, destroy, init, destroy.
 *
 * <p>The main thread moves a volatile stage counter before and after each call: 0 before the first
 * {@code init} is called, 1 while it runs, 2 once it returned, 3 while {@code destroy} runs, 4 once it
 * returned, then 5 to 8 for the second round. Each request reads the stage before calling
 * {@code doFilter} and after it returned, so it knows the stages its whole run lies in. Each answer
 * must be "passed" (the chain called once, status 200, the source attribute set) or "not
 * initialised" (the chain not called, 500 with the configuration-error body); and:
 * <ul>
 * <li>a request that started and finished inside a stage where the filter is not initialised (0:
 * before the first {@code init} was called; 4: after {@code destroy} returned and before the next
 * {@code init} was called; 8: after the last {@code destroy} returned) must not pass;</li>
 * <li>a request that started and finished inside a stage where it is initialised (2, 6: after
 * {@code init} returned and before {@code destroy} was called) must pass;</li>
 * <li>a request whose run overlaps an {@code init} or {@code destroy} call may get either answer.</li>
 * </ul>
 * The main thread goes on to the next call only once the workers completed
 * {@value #REQUESTS_PER_STAGE} requests inside the current stable stage, so every rule is exercised.
 */
class LifecycleConcurrencyTest {
    private static final String SECRET = "lifecycle-secret-3b8f1d6a0c5e7294b1d3f5a7c9e0b2d4";
    private static final String ENV = "LIFECYCLE_SECRET";
    private static final String FILTER_NAME = "lifecycle-concurrency";
    private static final int WORKERS = 4;
    private static final int REQUESTS_PER_STAGE = 5_000;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String CONFIGURATION_ERROR = "{\"error\":\"Server configuration error\"}";
    private static final int STAGES = 9;
    /** Stages in which the filter is not initialised: no request inside one may pass. */
    private static final List<Integer> UNINITIALISED = List.of(0, 4, 8);
    /** Stages in which it is initialised: every request inside one must pass. */
    private static final List<Integer> INITIALISED = List.of(2, 6);

    private final SharedSecretFilter filter = SharedSecretFilter.builder().secretEnv(ENV)
            .environment(Map.of(ENV, SECRET)::get).build();
    private final long deadline = System.nanoTime() + DEADLINE.toNanos();

    private volatile int stage;
    private volatile boolean stop;
    /** Requests that started and finished inside one stage, by stage and outcome. */
    private final LongAdder[] passedInside = adders(STAGES);
    private final LongAdder[] refusedInside = adders(STAGES);
    /** Requests whose run spans more than one stage (overlapping an init or destroy call). */
    private final LongAdder passedAcross = new LongAdder();
    private final LongAdder refusedAcross = new LongAdder();
    private final LongAdder wrong = new LongAdder();
    private final Queue<String> examples = new ConcurrentLinkedQueue<>();

    @Test
    void noRequestPassesBeforeInitOrAfterDestroy() throws Exception {
        SentValues.record(SECRET);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            Thread worker = new Thread(this::work, "lifecycle-worker-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
        long began = System.nanoTime();
        workers.forEach(Thread::start);
        FakeFilterConfig config = new FakeFilterConfig(FILTER_NAME);
        try {
            awaitRequestsInside(0);
            for (int round = 0; round < 2; round++) {
                int base = 4 * round;
                stage = base + 1;
                filter.init(config);
                stage = base + 2;
                awaitRequestsInside(base + 2);
                stage = base + 3;
                filter.destroy();
                stage = base + 4;
                awaitRequestsInside(base + 4);
            }
        } finally {
            stop = true;
            for (Thread worker : workers) {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            }
            System.out.println(summary(System.nanoTime() - began));
        }
        for (Thread worker : workers) {
            assertFalse(worker.isAlive(), worker.getName() + " did not stop");
        }
        assertEquals(0, wrong.sum(), () -> "wrong answers, for instance: " + examples);
        for (int s : UNINITIALISED) {
            assertEquals(0, passedInside[s].sum(), "passed inside uninitialised stage " + s);
            assertTrue(refusedInside[s].sum() >= REQUESTS_PER_STAGE, "too few requests inside stage " + s);
        }
        for (int s : INITIALISED) {
            assertEquals(0, refusedInside[s].sum(), "refused inside initialised stage " + s);
            assertTrue(passedInside[s].sum() >= REQUESTS_PER_STAGE, "too few requests inside stage " + s);
        }
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(
                new ObjectName("dev.sharedsecret:type=SharedSecretFilter,name=" + FILTER_NAME)),
                "the counters are still registered after the last destroy");
    }

    /** One worker: fresh request, response and chain each time, until told to stop. */
    private void work() {
        while (!stop && System.nanoTime() - deadline < 0) {
            FakeHttpRequest request = new FakeHttpRequest("GET", "/orders")
                    .header(SharedSecretFilter.DEFAULT_HEADER_NAME, SECRET);
            FakeHttpResponse response = new FakeHttpResponse();
            FakeFilterChain chain = new FakeFilterChain();
            int before = stage;
            try {
                filter.doFilter(request, response, chain);
            } catch (Exception e) {
                wrong("threw " + e, before, stage);
                continue;
            }
            int after = stage;
            boolean passed = chain.calls() == 1 && response.status() == 200
                    && ("env:" + ENV).equals(request.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE));
            boolean refused = chain.calls() == 0 && response.status() == 500
                    && CONFIGURATION_ERROR.equals(response.body());
            if (!passed && !refused) {
                wrong("answered " + response.status() + " " + response.body() + " with " + chain.calls()
                        + " chain call(s)", before, after);
            } else if (before != after) {
                (passed ? passedAcross : refusedAcross).increment();
            } else {
                (passed ? passedInside : refusedInside)[before].increment();
                if (passed && UNINITIALISED.contains(before)) {
                    wrong("passed", before, after);
                } else if (refused && INITIALISED.contains(before)) {
                    wrong("refused", before, after);
                }
            }
        }
    }

    private void wrong(String what, int before, int after) {
        if (examples.size() < 10) {
            examples.add(what + " (stages " + before + " to " + after + ")");
        }
        wrong.increment(); // after the example, so that whoever sees the count sees an example
    }

    /** Waits until the workers completed {@value #REQUESTS_PER_STAGE} requests inside stage {@code s}. */
    private void awaitRequestsInside(int s) {
        await(() -> passedInside[s].sum() + refusedInside[s].sum() >= REQUESTS_PER_STAGE,
                REQUESTS_PER_STAGE + " requests inside stage " + s);
    }

    private void await(BooleanSupplier condition, String what) {
        while (!condition.getAsBoolean()) {
            if (wrong.sum() > 0) {
                fail("wrong answers while waiting for " + what + ", for instance: " + examples);
            }
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + DEADLINE.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private String summary(long elapsed) {
        StringBuilder inside = new StringBuilder();
        for (int s = 0; s < STAGES; s++) {
            long passed = passedInside[s].sum();
            long refused = refusedInside[s].sum();
            if (passed + refused > 0) {
                inside.append(inside.length() == 0 ? "" : ", ").append(s).append(": ").append(passed)
                        .append(" passed/").append(refused).append(" refused");
            }
        }
        long total = passedAcross.sum() + refusedAcross.sum();
        for (int s = 0; s < STAGES; s++) {
            total += passedInside[s].sum() + refusedInside[s].sum();
        }
        return String.format(Locale.ROOT, "Lifecycle summary: %d workers, %d requests; inside one stage (%s);"
                        + " across an init or destroy call: %d passed, %d refused; wrong answers %d; elapsed %.1f s",
                WORKERS, total, inside, passedAcross.sum(), refusedAcross.sum(), wrong.sum(), elapsed / 1e9);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
