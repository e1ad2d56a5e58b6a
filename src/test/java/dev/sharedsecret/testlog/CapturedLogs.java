package dev.sharedsecret.testlog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every log line the test JVM's SLF4J loggers produced, as formatted text. The capture is global:
 * tests look for lines of their own (by logger and content), never count all lines.
 */
public final class CapturedLogs {
    /** Guarded by itself; load tests add hundreds of thousands of lines, so no copy-on-write. */
    private static final List<Line> LINES = new ArrayList<>();

    private CapturedLogs() {}

    /** One formatted log event, its stack trace included. */
    public record Line(String level, String logger, String text) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + text;
        }
    }

    static void add(Line line) {
        synchronized (LINES) {
            LINES.add(line);
        }
    }

    /** Every line so far. */
    public static List<Line> all() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }

    /** The text of the lines at {@code level} whose text satisfies {@code filter}. */
    public static List<String> texts(String level, Predicate<String> filter) {
        return all().stream()
                .filter(line -> line.level().equals(level) && filter.test(line.text()))
                .map(Line::text)
                .collect(Collectors.toList());
    }
}
