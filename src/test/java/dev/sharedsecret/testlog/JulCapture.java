package dev.sharedsecret.testlog;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} handler that copies every record at INFO and above into
 * {@link CapturedLogs}: embedded Tomcat logs through JUL, not SLF4J.
 */
final class JulCapture extends Handler {
    private static final Formatter FORMATTER = new SimpleFormatter();

    private JulCapture() {
        setLevel(Level.INFO);
    }

    /** Adds the handler to the root logger once. */
    static synchronized void install() {
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof JulCapture) {
                return;
            }
        }
        root.addHandler(new JulCapture());
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String text = FORMATTER.formatMessage(record);
        if (record.getThrown() != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
            text = text + System.lineSeparator() + trace;
        }
        CapturedLogs.add(new CapturedLogs.Line(level(record.getLevel()), String.valueOf(record.getLoggerName()), text));
    }

    private static String level(Level level) {
        int value = level.intValue();
        return value >= Level.SEVERE.intValue() ? "ERROR" : value >= Level.WARNING.intValue() ? "WARN"
                : value >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
