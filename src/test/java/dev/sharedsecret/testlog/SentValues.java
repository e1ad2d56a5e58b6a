package dev.sharedsecret.testlog;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every value a test put into a secret header, the configured secrets among them: the strings no
 * log line may ever contain. Test clients record what they send; {@code LogLeakTest} checks the
 * captured logs against them at the end of the run.
 */
public final class SentValues {
    /** Header names that carry a secret in the tests, lower case. */
    private static final Set<String> SECRET_HEADERS = Set.of("x-shared-secret", "x-origin-token");
    /** Shorter values could turn up in log lines by chance ("wrong" in an unrelated message). */
    static final int MIN_LENGTH = 8;

    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

    private SentValues() {}

    /** Records {@code value} if {@code headerName} carries a secret in the tests. */
    public static void recordHeader(String headerName, String value) {
        if (value != null && SECRET_HEADERS.contains(headerName.toLowerCase(java.util.Locale.ROOT))) {
            record(value);
        }
    }

    /** Records a value no log line may contain, such as a configured secret. */
    public static void record(String value) {
        String trimmed = value.strip();
        if (trimmed.length() >= MIN_LENGTH) {
            VALUES.add(trimmed);
        }
    }

    /** What was recorded so far. */
    public static Set<String> all() {
        return Set.copyOf(VALUES);
    }
}
