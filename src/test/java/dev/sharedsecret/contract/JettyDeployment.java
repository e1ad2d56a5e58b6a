package dev.sharedsecret.contract;

import jakarta.servlet.ServletContext;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;

/** A Jetty 12 server on 127.0.0.1, any free port, serving one context; starting fails loudly. */
final class JettyDeployment implements Deployment {
    private final Server server;
    private final ServerConnector connector;
    private final String contextPath;
    private final ServletContext servletContext;
    private final String description;

    private JettyDeployment(Server server, ServerConnector connector, String contextPath, ServletContext servletContext,
            String description) {
        this.server = server;
        this.connector = connector;
        this.contextPath = contextPath;
        this.servletContext = servletContext;
        this.description = description;
    }

    /**
     * Starts {@code context}, whose Servlet context {@code servletContext} gives once started; if
     * that fails, stops whatever did start and rethrows.
     */
    static JettyDeployment start(ContextHandler context, Supplier<ServletContext> servletContext, String description)
            throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception | Error e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new JettyDeployment(server, connector, context.getContextPath(), servletContext.get(), description);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String contextPath() {
        return contextPath;
    }

    @Override
    public ServletContext servletContext() {
        return servletContext;
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
