package dev.sharedsecret.contract;

import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Fuzz target: the input is one or more raw HTTP/1.1 requests, sent on one connection to a Jetty
 * 12 server (ee10, Servlet 6.0) hosting {@link FuzzApp} at the root context, through a
 * {@link LocalConnector} (in process, no socket). The input ends the connection's input; once
 * Jetty has closed the connection, {@link HttpInvariants} are checked.
 *
 * <p>Runs unchanged under Jazzer's command line and OSS-Fuzz ({@code fuzzerTestOneInput}), and as
 * {@code HttpFuzzTest} under JUnit.
 */
public final class JettyHttpFuzzer {
    /** How long an input may take, as {@link LocalConnector.LocalEndPoint#waitUntilClosed()} waits. */
    private static final int TIMEOUT_MILLIS = 10_000;

    private static Server server;
    private static LocalConnector connector;
    private static FuzzApp app;

    private JettyHttpFuzzer() {}

    public static void fuzzerInitialize() throws Exception {
        if (server != null) {
            return;
        }
        Server started = new Server();
        LocalConnector local = new LocalConnector(started);
        started.addConnector(local);
        FuzzApp fuzzApp = new FuzzApp();
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServletContainerInitializer((classes, servletContext) -> fuzzApp.register(servletContext));
        started.setHandler(context);
        started.start();
        server = started;
        connector = local;
        app = fuzzApp;
    }

    public static void fuzzerTestOneInput(byte[] input) throws InterruptedException {
        LocalConnector.LocalEndPoint endPoint = connector.connect();
        // The input and its end, each handed to Jetty's threads: addInput would run the request on
        // this thread, where a servlet reading the body would wait for the end that comes after.
        endPoint.addInputAndExecute(ByteBuffer.wrap(input));
        endPoint.addInputAndExecute((ByteBuffer) null);
        // Returns once Jetty closed the connection, or after 10 seconds.
        endPoint.waitUntilClosed();
        boolean stillOpen = endPoint.isOpen();
        if (stillOpen) {
            endPoint.close();
        }
        byte[] output = BufferUtil.toArray(endPoint.takeOutput());
        FuzzApp.Drained drained = app.drain(TIMEOUT_MILLIS);
        if (stillOpen) {
            throw new AssertionError("Jetty kept the connection open 10 seconds after the input ended");
        }
        HttpInvariants.check(drained, output);
    }

    public static void fuzzerTearDown() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
