package dev.sharedsecret.contract;

import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat (see {@link EmbeddedTomcat}) hosting an application that registers its filters
 * and servlets through the standard programmatic API ({@code ServletContext.addFilter}) from a
 * {@code ServletContainerInitializer}, as frameworks such as Spring Boot do.
 */
final class TomcatCodeDeployment extends EmbeddedTomcat {

    private TomcatCodeDeployment(String contextPath, Container.App app, Path docRoot, boolean h2c) throws Exception {
        super(h2c, (tomcat, scratchDir) -> {
            Context context = tomcat.addContext(contextPath, (docRoot == null ? scratchDir : docRoot).toString());
            if (docRoot != null) {
                // What Tomcat's default web.xml would add: the welcome file and the MIME types.
                context.addWelcomeFile(StaticContentFixture.WELCOME_FILE);
                Tomcat.addDefaultMimeTypeMappings(context);
            }
            context.addServletContainerInitializer((classes, servletContext) -> {
                app.register(servletContext);
                if (docRoot != null) {
                    servletContext.addServlet("default", new DefaultServlet()).addMapping("/");
                }
            }, null);
            return context;
        });
    }

    /**
     * Hosts {@code app} at {@code contextPath}, and the files of {@code docRoot} (if not
     * {@code null}) through Tomcat's {@link DefaultServlet}; if the context does not start (a
     * filter failed {@code init}), throws {@link IllegalStateException} after Tomcat logged the cause.
     */
    static TomcatCodeDeployment start(String contextPath, Container.App app, Path docRoot) throws Exception {
        return new TomcatCodeDeployment(contextPath, app, docRoot, false);
    }

    /** As {@link #start}, on a connector that also accepts cleartext HTTP/2 ({@link EmbeddedTomcat}). */
    static TomcatCodeDeployment h2c(String contextPath, Container.App app, Path docRoot) throws Exception {
        return new TomcatCodeDeployment(contextPath, app, docRoot, true);
    }

    @Override
    public String toString() {
        return "Tomcat, registered in code via ServletContext.addFilter";
    }
}
