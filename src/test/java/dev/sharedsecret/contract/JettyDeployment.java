package dev.sharedsecret.contract;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;

/** A Jetty 12 server on 127.0.0.1, any free port, serving one context; starting fails loudly. */
final class JettyDeployment implements Deployment {
    private final Server server;
    private final ServerConnector connector;
    private final String contextPath;
    private final String description;

    private JettyDeployment(Server server, ServerConnector connector, String contextPath, String description) {
        this.server = server;
        this.connector = connector;
        this.contextPath = contextPath;
        this.description = description;
    }

    /**
     * Starts {@code context} and checks that a Servlet context runs on the Servlet API its environment
     * needs (see {@link #checkVersions}); if either fails, stops whatever did start and rethrows.
     */
    static JettyDeployment start(ContextHandler context, String description) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        try {
            server.start();
            checkVersions(context);
        } catch (Exception | Error e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new JettyDeployment(server, connector, context.getContextPath(), description);
    }

    /**
     * Jetty 12.1, and an ee10 context on Servlet 6.0 or an ee11 one on 6.1, with a Servlet API at
     * least that level loaded (see {@link ContainerVersions}); other handlers are not Servlet contexts.
     */
    private static void checkVersions(ContextHandler context) {
        if (context instanceof org.eclipse.jetty.ee10.servlet.ServletContextHandler ee10) {
            ContainerVersions.assertJetty(ee10.getServletContext(), "6.0");
        } else if (context instanceof org.eclipse.jetty.ee11.servlet.ServletContextHandler ee11) {
            ContainerVersions.assertJetty(ee11.getServletContext(), "6.1");
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String contextPath() {
        return contextPath;
    }

    /** Stops the server; a failure is reported unchecked, as {@link Deployment#close()} requires. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Jetty did not stop cleanly", e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
