package dev.sharedsecret.contract;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Fuzz target: the input is one or more raw HTTP/1.1 requests, written on one loopback connection
 * to an embedded Tomcat 11 hosting {@link FuzzApp} at the root context
 * ({@link TomcatCodeDeployment}: 127.0.0.1, any free port, the error report valve quiet). The
 * client then closes its side; once Tomcat has closed the connection, {@link HttpInvariants} are
 * checked. Jazzer's network bug detector is told that this one connection is expected.
 *
 * <p>Runs unchanged under Jazzer's command line and OSS-Fuzz ({@code fuzzerTestOneInput}), and as
 * {@code HttpFuzzTest} under JUnit.
 */
public final class TomcatHttpFuzzer {
    private static final int TIMEOUT_MILLIS = 10_000;

    private static TomcatCodeDeployment tomcat;
    private static FuzzApp app;

    private TomcatHttpFuzzer() {}

    public static void fuzzerInitialize() throws Exception {
        if (tomcat != null) {
            return;
        }
        FuzzApp fuzzApp = new FuzzApp();
        tomcat = TomcatCodeDeployment.start("", fuzzApp, null);
        app = fuzzApp;
    }

    public static void fuzzerTestOneInput(byte[] input) throws IOException, InterruptedException {
        int port = tomcat.port();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        boolean timedOut = false;
        SilentCloseable expected = BugDetectors.allowNetworkConnections((host, p) -> p == port);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            try {
                socket.getOutputStream().write(input);
                socket.shutdownOutput();
            } catch (IOException e) {
                // Tomcat closed the connection before reading all of it (Connection: close, an error)
            }
            timedOut = readUntilClosed(socket.getInputStream(), output);
        } finally {
            expected.close();
        }
        FuzzApp.Drained drained = app.drain(TIMEOUT_MILLIS);
        if (timedOut) {
            throw new AssertionError("Tomcat kept the connection open 10 seconds after the input ended");
        }
        HttpInvariants.check(drained, output.toByteArray());
    }

    /**
     * Reads until Tomcat closes the connection; a reset ends it too (what arrived before counts).
     *
     * @return whether the read deadline passed first
     */
    private static boolean readUntilClosed(InputStream in, ByteArrayOutputStream output) {
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                output.write(buffer, 0, n);
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void fuzzerTearDown() {
        if (tomcat != null) {
            tomcat.close();
            tomcat = null;
        }
    }
}
