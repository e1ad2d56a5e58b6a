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
    /** Guarded by {@link #LINES}: whether lines are dropped instead of kept. */
    private static boolean suspended;

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
            if (!suspended) {
                LINES.add(line);
            }
        }
    }

    /**
     * Drops the lines logged from now until {@link #resume()}. For the fuzz replays only: their
     * inputs are arbitrary bytes that the filter's DEBUG line (the path) and the containers' own
     * warnings (a bad {@code Host}) quote as designed, so they may hold any text, another test's
     * sent values included; the fuzz targets check the responses instead.
     */
    public static void suspend() {
        synchronized (LINES) {
            suspended = true;
        }
    }

    /** Keeps lines again. */
    public static void resume() {
        synchronized (LINES) {
            suspended = false;
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
