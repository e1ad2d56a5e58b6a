package dev.sharedsecret.testlog;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Drops the log lines of a test class ({@link CapturedLogs#suspend()}), for the fuzz replays:
 * {@code @ExtendWith(LogCaptureSuspended.class)}.
 */
public final class LogCaptureSuspended implements BeforeAllCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        CapturedLogs.suspend();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        CapturedLogs.resume();
    }
}
