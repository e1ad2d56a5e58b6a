package dev.sharedsecret;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counters of one filter, its JMX registration, and the rejection summary: at most one WARN
 * line a minute, however many requests are rejected, so that a flood cannot flood the logs.
 * Counting costs one {@link LongAdder} increment; the summary check one clock read per rejection.
 */
final class FilterMetrics implements SharedSecretFilterMXBean {
    private static final Logger LOG = LoggerFactory.getLogger(SharedSecretFilter.class);
    static final long SUMMARY_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String filterName;
    private final LongSupplier nanoClock;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejectedMissing = new LongAdder();
    private final LongAdder rejectedInvalid = new LongAdder();
    private final LongAdder misconfigured = new LongAdder();
    /** One counter per configured source, fixed at {@code init}; a match always names one of them. */
    private final Map<String, LongAdder> acceptedBySource;
    /** When the last summary was written; the first rejection writes one at once. */
    private final AtomicLong lastSummary;
    /** The totals the last summary reported; written only by the thread that won {@link #lastSummary}. */
    private long summarizedMissing;
    private long summarizedInvalid;
    private long summarizedMisconfigured;
    private ObjectName registeredAs;

    /** Creates counters for {@code sources}, each starting at zero so that JMX lists it at once. */
    FilterMetrics(String filterName, Iterable<String> sources, LongSupplier nanoClock) {
        this.filterName = filterName;
        Map<String, LongAdder> counters = new HashMap<>();
        sources.forEach(source -> counters.put(source, new LongAdder()));
        this.acceptedBySource = Map.copyOf(counters);
        this.nanoClock = nanoClock;
        this.lastSummary = new AtomicLong(nanoClock.getAsLong() - SUMMARY_INTERVAL_NANOS);
    }

    /** The name of the filter these counters belong to. */
    String filterName() {
        return filterName;
    }

    void accepted(String source) {
        accepted.increment();
        acceptedBySource.get(source).increment();
    }

    void rejected(Rejection rejection) {
        switch (rejection) {
            case MISSING:
                rejectedMissing.increment();
                break;
            case INVALID:
                rejectedInvalid.increment();
                break;
            default:
                misconfigured.increment();
                break;
        }
        long now = nanoClock.getAsLong();
        long last = lastSummary.get();
        if (now - last >= SUMMARY_INTERVAL_NANOS && lastSummary.compareAndSet(last, now)) {
            summarize();
        }
    }

    private synchronized void summarize() {
        long missing = rejectedMissing.sum();
        long invalid = rejectedInvalid.sum();
        long unconfigured = misconfigured.sum();
        LOG.warn("SharedSecretFilter [{}] rejected requests since the last summary: {} without the header,"
                        + " {} with an invalid one, {} for want of a usable secret",
                filterName, missing - summarizedMissing, invalid - summarizedInvalid, unconfigured - summarizedMisconfigured);
        summarizedMissing = missing;
        summarizedInvalid = invalid;
        summarizedMisconfigured = unconfigured;
    }

    /**
     * Registers these counters as {@code dev.sharedsecret:type=SharedSecretFilter,name=<filter name>};
     * if another filter in this JVM holds that name (two applications, one filter name), adds
     * {@code ,instance=2}, {@code 3}, … A failure is logged and leaves the filter working.
     */
    void register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String base = "dev.sharedsecret:type=SharedSecretFilter,name=" + objectNameValue(filterName);
        try {
            for (int instance = 1; registeredAs == null; instance++) {
                ObjectName name = new ObjectName(instance == 1 ? base : base + ",instance=" + instance);
                try {
                    server.registerMBean(this, name);
                    registeredAs = name;
                } catch (InstanceAlreadyExistsException taken) {
                    // another filter of this name: try the next instance number
                }
            }
        } catch (JMException | RuntimeException e) {
            LOG.warn("SharedSecretFilter [{}] could not register its JMX counters: {}", filterName, e.toString());
        }
    }

    /** The filter name as it is, or quoted if JMX would misread it (a comma, an equals sign, …). */
    static String objectNameValue(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (",=:\"*?\\\n".indexOf(name.charAt(i)) >= 0) {
                return ObjectName.quote(name);
            }
        }
        return name.isEmpty() ? ObjectName.quote(name) : name;
    }

    void unregister() {
        if (registeredAs != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(registeredAs);
            } catch (JMException e) {
                LOG.warn("SharedSecretFilter [{}] could not unregister its JMX counters: {}", filterName, e.toString());
            }
            registeredAs = null;
        }
    }

    @Override
    public long getAccepted() {
        return accepted.sum();
    }

    @Override
    public long getRejectedMissing() {
        return rejectedMissing.sum();
    }

    @Override
    public long getRejectedInvalid() {
        return rejectedInvalid.sum();
    }

    @Override
    public long getMisconfigured() {
        return misconfigured.sum();
    }

    @Override
    public Map<String, Long> getAcceptedBySource() {
        Map<String, Long> snapshot = new TreeMap<>();
        acceptedBySource.forEach((source, count) -> snapshot.put(source, count.sum()));
        return snapshot;
    }
}
