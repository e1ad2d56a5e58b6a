package dev.sharedsecret.testlog;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of the tests and the demo. It records every line of this library's loggers at
 * every level, DEBUG included, and INFO and above of everyone else (Jetty's), into
 * {@link CapturedLogs}, and prints INFO and above to standard error.
 */
public final class CapturingServiceProvider implements SLF4JServiceProvider {
    private static final String OWN_LOGGERS = "dev.sharedsecret";

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final ILoggerFactory loggers = CapturingLogger::new;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    private static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final boolean own;

        CapturingLogger(String name) {
            this.name = name;
            this.own = name.startsWith(OWN_LOGGERS);
        }

        @Override
        public boolean isTraceEnabled() {
            return own;
        }

        @Override
        public boolean isDebugEnabled() {
            return own;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            String text = MessageFormatter.basicArrayFormat(pattern, arguments);
            if (throwable != null) {
                StringWriter trace = new StringWriter();
                throwable.printStackTrace(new PrintWriter(trace));
                text = text + System.lineSeparator() + trace;
            }
            CapturedLogs.add(new CapturedLogs.Line(level.name(), name, text));
            if (level.toInt() >= Level.INFO.toInt()) {
                System.err.println("[" + Thread.currentThread().getName() + "] " + level + " " + name + " - " + text);
            }
        }
    }
}
