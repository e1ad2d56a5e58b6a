package dev.sharedsecret.contract;

import java.nio.file.Path;
import org.eclipse.jetty.ee11.servlet.DefaultServlet;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.webapp.WebAppContext;

/**
 * Jetty 12 in its ee11 environment (Servlet 6.1): a {@link ServletContextHandler} whose
 * application registers itself from a {@code ServletContainerInitializer}, or a
 * {@link WebAppContext} that reads {@code web.xml}; the same as {@link Jetty12Ee10} with the ee11
 * classes.
 */
final class Jetty12Ee11 {
    private Jetty12Ee11() {}

    static Deployment code(String contextPath, Container.App app, Path docRoot) throws Exception {
        return code(contextPath, app, docRoot, false);
    }

    /**
     * As {@link #code(String, Container.App, Path)}, on a connector that also speaks cleartext HTTP/2,
     * with the {@link JettyDeployment.QuietErrorHandler}.
     */
    static Deployment h2c(String contextPath, Container.App app, Path docRoot) throws Exception {
        return code(contextPath, app, docRoot, true);
    }

    private static Deployment code(String contextPath, Container.App app, Path docRoot, boolean h2c) throws Exception {
        ServletContextHandler context = new ServletContextHandler(contextPath);
        context.addServletContainerInitializer((classes, servletContext) -> app.register(servletContext));
        if (docRoot != null) {
            context.setBaseResourceAsPath(docRoot);
            context.setWelcomeFiles(new String[] {StaticContentFixture.WELCOME_FILE});
            context.addServlet(DefaultServlet.class, "/");
        }
        return JettyDeployment.start(context, context::getServletContext,
                "Jetty ee11 ServletContextHandler" + (h2c ? ", h2c" : ""), h2c);
    }

    static Deployment webXml(Path webappDirectory, String contextPath) throws Exception {
        WebAppContext webapp = webapp(webappDirectory, contextPath);
        return JettyDeployment.start(webapp, webapp::getServletContext, "Jetty ee11 WebAppContext");
    }

    /** The context deploying {@code webappDirectory} at {@code contextPath}, not yet started. */
    static WebAppContext webapp(Path webappDirectory, String contextPath) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(contextPath);
        webapp.setBaseResourceAsPath(webappDirectory);
        // A deployment error must fail the test run, not leave a server answering 503.
        webapp.setThrowUnavailableOnStartupException(true);
        return webapp;
    }
}
