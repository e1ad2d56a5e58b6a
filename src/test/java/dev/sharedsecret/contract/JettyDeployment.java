package dev.sharedsecret.contract;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A Jetty 12 server on 127.0.0.1, any free port, serving one handler; starting fails loudly. */
final class JettyDeployment implements Deployment {
    private final Server server;
    private final ServerConnector connector;
    private final String description;

    private JettyDeployment(Server server, ServerConnector connector, String description) {
        this.server = server;
        this.connector = connector;
        this.description = description;
    }

    /** Starts {@code handler}; if that fails, stops whatever did start and rethrows. */
    static JettyDeployment start(Handler handler, String description) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new JettyDeployment(server, connector, description);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String contextPath() {
        return ContractFixture.CONTEXT_PATH;
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
