package dev.sharedsecret.contract;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.util.function.Supplier;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

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
        return start(context, servletContext, description, false);
    }

    /**
     * As {@link #start(ContextHandler, Supplier, String)}; with {@code h2c} the connector also speaks
     * cleartext HTTP/2 ({@link #h2cConnector}) and the server's error handler is the
     * {@link QuietErrorHandler}.
     */
    static JettyDeployment start(ContextHandler context, Supplier<ServletContext> servletContext, String description,
            boolean h2c) throws Exception {
        Server server = new Server();
        ServerConnector connector = h2c ? h2cConnector(server) : new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        if (h2c) {
            server.setErrorHandler(new QuietErrorHandler());
        }
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

    /**
     * HTTP/1.1, the default protocol, and h2c on one connector: the HTTP/1.1 connection hands one
     * that opens with the HTTP/2 preface ({@code PRI * HTTP/2.0}, prior knowledge) to the h2c factory.
     */
    private static ServerConnector h2cConnector(Server server) {
        HttpConfiguration config = new HttpConfiguration();
        return new ServerConnector(server, new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config));
    }

    /**
     * Jetty's server-wide error page without the error's message. Over HTTP/2 a request whose header
     * block Jetty refuses (an upper-case field name, a value with surrounding whitespace or a control
     * character) is answered 400 by this handler, and by default its page quotes the offending value,
     * a secret included, three times: "Illegal header value &lt;value&gt;". HTTP/1.1 refusals come from
     * the parser and quote nothing. Production servers that speak h2 or h2c should install the same.
     */
    static final class QuietErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) throws IOException {
            super.generateResponse(request, response, code, null, null, callback);
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
