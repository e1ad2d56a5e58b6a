package dev.sharedsecret.contract;

import jakarta.servlet.DispatcherType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.apache.catalina.Context;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The static-content site of {@link StaticContentFixture} on Jetty 12 ee10 and embedded Tomcat (10.1
 * or 11, whichever the class path holds) registered in code, and on Jetty (ee10 or ee11) through
 * web.xml, each with the container's own default servlet at {@code /}. Jetty ee11 and Undertow
 * build their code deployments in {@link JettyEe11Deployments} and {@link UndertowDeployment}.
 */
final class StaticContentDeployments {
    private StaticContentDeployments() {}

    /** Jetty ee10's {@link org.eclipse.jetty.ee10.servlet.DefaultServlet} serving {@code docRoot}. */
    static Deployment jettyEe10(Path docRoot, String filterPattern) throws Exception {
        ServletContextHandler context = new ServletContextHandler(StaticContentFixture.CONTEXT_PATH);
        context.setBaseResourceAsPath(docRoot);
        context.setWelcomeFiles(new String[] {StaticContentFixture.WELCOME_FILE});
        FilterHolder gate = new FilterHolder(StaticContentFixture.filter());
        gate.setName(StaticContentFixture.FILTER_NAME);
        context.addFilter(gate, filterPattern, EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("api", new FixedBodyServlet(StaticContentFixture.API_BODY)),
                StaticContentFixture.API_PATTERN);
        context.addServlet(new ServletHolder("default", org.eclipse.jetty.ee10.servlet.DefaultServlet.class), "/");
        return JettyDeployment.start(context, "Jetty ee10 DefaultServlet, filter mapped to " + filterPattern);
    }

    /**
     * A web.xml deployment ({@link JettyWebXmlDeployment} or {@link JettyEe11Deployments#webXml}) of a
     * temporary web application (see {@link StaticContentFixture#writeWebapp}): the default servlet
     * and the welcome files are the container's defaults (Jetty's webdefault), the filter and the API
     * servlet come from web.xml. The copy is deleted when the deployment closes or fails to start.
     */
    static Deployment webXml(HardeningDeployments.WebXmlDeployer deployer, Path docRoot, String filterPattern)
            throws Exception {
        Path webapp = Files.createTempDirectory("ssf-static-webapp-");
        Deployment deployment;
        try {
            StaticContentFixture.writeWebapp(docRoot, filterPattern, webapp);
            deployment = deployer.deploy(webapp, StaticContentFixture.CONTEXT_PATH);
        } catch (Exception | Error e) {
            TempFiles.deleteRecursively(webapp);
            throw e;
        }
        return HardeningDeployments.deletingOnClose(deployment, webapp);
    }

    /**
     * Tomcat's {@link DefaultServlet} serving {@code docRoot}, set up as Tomcat's default web.xml
     * does (the servlet named {@code default} at {@code /}, {@value StaticContentFixture#WELCOME_FILE}
     * as welcome file, the default MIME types); the servlets and the filter are registered through
     * {@code ServletContext} from an initializer, like {@link TomcatCodeDeployment}.
     */
    static Deployment tomcat(Path docRoot, String filterPattern) throws Exception {
        return new TomcatStatic(docRoot, filterPattern);
    }

    private static final class TomcatStatic extends EmbeddedTomcat {
        private final String description;

        TomcatStatic(Path docRoot, String filterPattern) throws Exception {
            super((tomcat, scratchDir) -> {
                Context context = tomcat.addContext(StaticContentFixture.CONTEXT_PATH, docRoot.toString());
                context.addWelcomeFile(StaticContentFixture.WELCOME_FILE);
                Tomcat.addDefaultMimeTypeMappings(context);
                context.addServletContainerInitializer((classes, servletContext) -> {
                    servletContext.addFilter(StaticContentFixture.FILTER_NAME, StaticContentFixture.filter())
                            .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, filterPattern);
                    servletContext.addServlet("api", new FixedBodyServlet(StaticContentFixture.API_BODY))
                            .addMapping(StaticContentFixture.API_PATTERN);
                    servletContext.addServlet("default", new DefaultServlet()).addMapping("/");
                }, null);
                return context;
            });
            description = "Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber()
                    + " DefaultServlet, filter mapped to " + filterPattern;
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
