package dev.sharedsecret.contract;

import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Globals;
import org.apache.catalina.Host;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.JreMemoryLeakPreventionListener;
import org.apache.catalina.core.ThreadLocalLeakPreventionListener;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.http2.Http2Protocol;

/**
 * The part both Tomcat deployments share: an embedded Tomcat (of whichever version the class path holds) whose base directory is a fresh temporary directory (deleted on
 * close) and whose only connector listens on 127.0.0.1, port 0.
 *
 * <p>Embedded Tomcat publishes its directories as the system properties {@code catalina.base} and
 * {@code catalina.home}, and the next instance in the same JVM would re-create the deleted
 * directory of the previous one from {@code catalina.home}; close restores both properties.
 */
abstract class EmbeddedTomcat implements Deployment {
    private static final String[] DIRECTORY_PROPERTIES = {Globals.CATALINA_BASE_PROP, Globals.CATALINA_HOME_PROP};

    private final String[] savedProperties = new String[DIRECTORY_PROPERTIES.length];
    private final Path baseDir;
    private final Tomcat tomcat;
    private final Connector connector;
    private final Context context;

    /**
     * Creates and starts the server.
     *
     * @param deploy adds the one context under test
     */
    EmbeddedTomcat(DeployAction deploy) throws Exception {
        this(false, deploy);
    }

    /**
     * Creates and starts the server; with {@code h2c} the HTTP/1.1 connector gets {@link Http2Protocol}
     * as upgrade protocol, which makes it accept cleartext HTTP/2 both by {@code Upgrade: h2c} and by
     * prior knowledge (a connection whose first bytes are the HTTP/2 preface).
     *
     * @param deploy adds the one context under test
     */
    EmbeddedTomcat(boolean h2c, DeployAction deploy) throws Exception {
        for (int i = 0; i < DIRECTORY_PROPERTIES.length; i++) {
            savedProperties[i] = System.getProperty(DIRECTORY_PROPERTIES[i]);
        }
        baseDir = Files.createTempDirectory("ssf-tomcat-");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        try {
            // The leak-prevention listeners of a stock server.xml; surefire gives the JVM the
            // --add-opens of a stock catalina.sh, so Tomcat's leak checks at context stop all run.
            tomcat.getServer().addLifecycleListener(new JreMemoryLeakPreventionListener());
            tomcat.getServer().addLifecycleListener(new ThreadLocalLeakPreventionListener());
            connector = new Connector("HTTP/1.1");
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            // Tomcat drops every trailer field not listed here; the hardening suite sends these two to
            // check that the filter hides the secret one from the application.
            connector.setProperty("allowedTrailerHeaders", HardeningFixture.ALLOWED_TRAILERS);
            if (h2c) {
                // Before start: Tomcat wires upgrade protocols up when the connector initialises.
                connector.addUpgradeProtocol(new Http2Protocol());
            }
            tomcat.setConnector(connector);
            Host host = tomcat.getHost();
            host.setAutoDeploy(false);
            host.getPipeline().addValve(quietErrorReports());
            Files.createDirectories(baseDir.resolve(host.getAppBase()));
            context = deploy.deploy(tomcat, Files.createDirectories(baseDir.resolve("scratch")));
            tomcat.start();
            // Tomcat logs a failed context start instead of throwing; fail loudly here instead.
            if (!context.getState().isAvailable()) {
                throw new IllegalStateException("context " + context.getPath() + " did not start: " + context.getState());
            }
        } catch (Exception | Error e) {
            try {
                close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The error page Tomcat writes for requests it rejects itself, before any filter runs (for
     * instance a control character in a header value, answered 400). By default it quotes the
     * offending header line, value included, and a stack trace; production deployments should turn
     * that off, and the contract suite checks that with it off nothing the client sent comes back.
     */
    private static ErrorReportValve quietErrorReports() {
        ErrorReportValve valve = new ErrorReportValve();
        valve.setShowReport(false);
        valve.setShowServerInfo(false);
        return valve;
    }

    /** Adds the context under test to the server's host. */
    @FunctionalInterface
    interface DeployAction {
        /**
         * @param tomcat     the server, not yet started
         * @param scratchDir an empty directory inside the server's temporary base directory
         * @return the context added
         */
        Context deploy(Tomcat tomcat, Path scratchDir) throws Exception;
    }

    @Override
    public final int port() {
        return connector.getLocalPort();
    }

    @Override
    public final String contextPath() {
        return context.getPath();
    }

    @Override
    public final ServletContext servletContext() {
        return context.getServletContext();
    }

    /** The context under test, for tests that reload or remove it. */
    final Context context() {
        return context;
    }

    @Override
    public final void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop cleanly", e);
        } finally {
            restoreDirectoryProperties();
            TempFiles.deleteRecursively(baseDir);
        }
    }

    private void restoreDirectoryProperties() {
        for (int i = 0; i < DIRECTORY_PROPERTIES.length; i++) {
            if (savedProperties[i] == null) {
                System.clearProperty(DIRECTORY_PROPERTIES[i]);
            } else {
                System.setProperty(DIRECTORY_PROPERTIES[i], savedProperties[i]);
            }
        }
    }
}
