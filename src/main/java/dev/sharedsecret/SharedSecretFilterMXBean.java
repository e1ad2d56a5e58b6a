package dev.sharedsecret;

import java.util.Map;

/**
 * The counters of one {@link SharedSecretFilter}, registered at {@code init} as the JMX MXBean
 * {@code dev.sharedsecret:type=SharedSecretFilter,name=<filter name>} and unregistered at
 * {@code destroy}. Counts start at zero at {@code init}. Read them with any JMX client (JConsole,
 * VisualVM, a Prometheus JMX exporter); they never contain a secret.
 */
public interface SharedSecretFilterMXBean {
    /**
     * Requests that carried a valid secret and were passed on.
     *
     * @return the count since {@code init}
     */
    long getAccepted();

    /**
     * Requests answered 401 because the header was missing or empty.
     *
     * @return the count since {@code init}
     */
    long getRejectedMissing();

    /**
     * Requests answered 401 because the header matched no secret, held a character outside visible
     * ASCII, or came more than once.
     *
     * @return the count since {@code init}
     */
    long getRejectedInvalid();

    /**
     * Requests answered 500 because no usable secret was configured.
     *
     * @return the count since {@code init}
     */
    long getMisconfigured();

    /**
     * Accepted requests by the source of the secret they matched, such as
     * {@code env:SHARED_SECRET_PREVIOUS} or {@code file:/run/secrets/origin}: during a rotation,
     * the old source's count stops growing once the gateway has switched.
     *
     * @return a snapshot, source to count
     */
    Map<String, Long> getAcceptedBySource();
}
