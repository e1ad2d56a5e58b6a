package dev.sharedsecret.testlog;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Starts capturing container (JUL) logs before the first test runs. */
public final class CaptureSession implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        JulCapture.install();
    }
}
