package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharedsecret.testlog.CapturedLogs;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Counters, their JMX registration, and the rate-limited WARN summary. */
class FilterMetricsTest {
    private static final String SECRET = "metrics-secret-0123456789abcdef-01";
    private static final String PREVIOUS = "metrics-previous-0123456789abcdef-2";
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private final AtomicLong clock = new AtomicLong(TimeUnit.HOURS.toNanos(5));

    private SharedSecretFilter filter(String name) throws Exception {
        SharedSecretFilter filter = SharedSecretFilter.builder()
                .secretEnv("SHARED_SECRET", "SHARED_SECRET_PREVIOUS")
                .environment(Map.of("SHARED_SECRET", SECRET, "SHARED_SECRET_PREVIOUS", PREVIOUS)::get)
                .nanoClock(clock::get)
                .build();
        filter.init(new FakeFilterConfig(name));
        return filter;
    }

    private static int send(SharedSecretFilter filter, String... values) throws Exception {
        FakeHttpRequest request = new FakeHttpRequest("GET", "/metrics");
        for (String value : values) {
            request.header("X-Shared-Secret", value);
        }
        FakeHttpResponse response = new FakeHttpResponse();
        filter.doFilter(request, response, new FakeFilterChain());
        return response.status();
    }

    private static ObjectName name(String filterName) throws Exception {
        return new ObjectName("dev.sharedsecret:type=SharedSecretFilter,name=" + filterName);
    }

    @Test
    void countsEveryOutcomeAndEverySource() throws Exception {
        SharedSecretFilter filter = filter("counting");
        send(filter, SECRET);
        send(filter, SECRET);
        send(filter, PREVIOUS);
        send(filter);
        send(filter, "wrong");
        send(filter, SECRET, SECRET);
        ObjectName name = name("counting");
        assertEquals(3L, JMX.getAttribute(name, "Accepted"));
        assertEquals(1L, JMX.getAttribute(name, "RejectedMissing"));
        assertEquals(2L, JMX.getAttribute(name, "RejectedInvalid"));
        assertEquals(0L, JMX.getAttribute(name, "Misconfigured"));
        assertEquals(Map.of("env:SHARED_SECRET", 2L, "env:SHARED_SECRET_PREVIOUS", 1L), filter.metrics().getAcceptedBySource());
        assertTrue(JMX.getAttribute(name, "AcceptedBySource") instanceof javax.management.openmbean.TabularData);
        filter.destroy();
    }

    @Test
    void listsEverySourceFromTheStart() throws Exception {
        SharedSecretFilter filter = filter("sources");
        assertEquals(Map.of("env:SHARED_SECRET", 0L, "env:SHARED_SECRET_PREVIOUS", 0L), filter.metrics().getAcceptedBySource());
        filter.destroy();
    }

    @Test
    void countsMisconfiguredRequests() throws Exception {
        SharedSecretFilter filter = new SharedSecretFilter(name -> null);
        filter.init(new FakeFilterConfig("misconfigured"));
        send(filter, SECRET);
        send(filter);
        assertEquals(2L, filter.metrics().getMisconfigured());
        assertEquals(0L, filter.metrics().getRejectedMissing());
        assertEquals(0L, filter.metrics().getRejectedInvalid());
        assertEquals(2L, JMX.getAttribute(name("misconfigured"), "Misconfigured"));
        filter.destroy();
    }

    @Test
    void registersAtInitAndUnregistersAtDestroy() throws Exception {
        SharedSecretFilter filter = filter("lifecycle");
        assertTrue(JMX.isRegistered(name("lifecycle")));
        filter.destroy();
        assertFalse(JMX.isRegistered(name("lifecycle")));
    }

    @Test
    void twoFiltersOfOneNameDoNotCollide() throws Exception {
        SharedSecretFilter first = filter("twin");
        SharedSecretFilter second = filter("twin");
        send(second, SECRET);
        ObjectName secondName = new ObjectName("dev.sharedsecret:type=SharedSecretFilter,name=twin,instance=2");
        assertEquals(0L, JMX.getAttribute(name("twin"), "Accepted"));
        assertEquals(1L, JMX.getAttribute(secondName, "Accepted"));
        first.destroy();
        second.destroy();
        assertFalse(JMX.isRegistered(name("twin")));
        assertFalse(JMX.isRegistered(secondName));
    }

    @Test
    void quotesFilterNamesThatJmxWouldMisread() throws Exception {
        SharedSecretFilter filter = filter("a,b=c:d");
        assertTrue(JMX.isRegistered(new ObjectName("dev.sharedsecret:type=SharedSecretFilter,name="
                + ObjectName.quote("a,b=c:d"))));
        filter.destroy();
    }

    @Test
    void summarisesRejectionsAtMostOncePerMinute() throws Exception {
        SharedSecretFilter filter = filter("summary");
        for (int i = 0; i < 1000; i++) {
            send(filter);
            send(filter, "wrong-" + i);
        }
        clock.addAndGet(TimeUnit.SECONDS.toNanos(59));
        send(filter);
        assertEquals(List.of(summary(1, 0)), summaries());
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        send(filter, "wrong");
        assertEquals(List.of(summary(1, 0), summary(1000, 1001)), summaries());
        filter.destroy();
    }

    private static String summary(int missing, int invalid) {
        return "SharedSecretFilter [summary] rejected requests since the last summary: " + missing
                + " without the header, " + invalid + " with an invalid one, 0 for want of a usable secret";
    }

    private static List<String> summaries() {
        return CapturedLogs.texts("WARN", text -> text.startsWith("SharedSecretFilter [summary]"));
    }
}
