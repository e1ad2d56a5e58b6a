package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.HardeningFixture.CONTEXT_PATH;
import static dev.sharedsecret.contract.HardeningFixture.FILTER_NAME;
import static dev.sharedsecret.contract.HardeningFixture.HEALTH_BODY;
import static dev.sharedsecret.contract.HardeningFixture.PUBLIC_BODY;

import dev.sharedsecret.SharedSecretFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The hardening suite's context on each container, with the same servlets however the filter is
 * registered: {@code /health} (exact) and {@code /public/*} answer {@link FixedBodyServlet}s,
 * {@code /protected/*} and the default servlet {@code /} the {@link ProbeServlet}. The filter is
 * mapped to {@code /*} once, for the {@code REQUEST} dispatch only, as web.xml does by default.
 */
final class HardeningDeployments {
    private HardeningDeployments() {}

    /** Jetty 12 {@link ServletContextHandler}, the filter registered in code as {@value HardeningFixture#FILTER_NAME}. */
    static Deployment jettyCode(SharedSecretFilter filter) throws Exception {
        ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
        FilterHolder gate = new FilterHolder(filter);
        gate.setName(FILTER_NAME);
        context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("health", new FixedBodyServlet(HEALTH_BODY)), "/health");
        context.addServlet(new ServletHolder("public", new FixedBodyServlet(PUBLIC_BODY)), "/public/*");
        ServletHolder probe = new ServletHolder("probe", new ProbeServlet());
        context.addServlet(probe, "/protected/*");
        context.addServlet(probe, "/");
        return JettyDeployment.start(context, "Jetty ServletContextHandler, gate registered in code");
    }

    /** Embedded Tomcat (11 or 10.1), the filter registered through {@link ServletContext#addFilter}. */
    static Deployment tomcatCode(SharedSecretFilter filter) throws Exception {
        return TomcatCodeDeployment.start(CONTEXT_PATH, servletContext -> {
            servletContext.addFilter(FILTER_NAME, filter)
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            servletContext.addServlet("health", new FixedBodyServlet(HEALTH_BODY)).addMapping("/health");
            servletContext.addServlet("public", new FixedBodyServlet(PUBLIC_BODY)).addMapping("/public/*");
            servletContext.addServlet("probe", new ProbeServlet()).addMapping("/protected/*", "/");
        });
    }

    /** Deploys a web application directory at a context path: Jetty's or Tomcat's web.xml deployment. */
    @FunctionalInterface
    interface WebXmlDeployer {
        Deployment deploy(Path webappDirectory, String contextPath) throws Exception;
    }

    /**
     * Deploys a temporary copy of the web application {@code src/test/<template>} whose web.xml
     * names {@code secretFile}; the copy is deleted when the deployment closes or fails to start.
     */
    static Deployment webXml(WebXmlDeployer deployer, String template, Path secretFile) throws Exception {
        Path webapp = Files.createTempDirectory("ssf-webapp-");
        Deployment deployment;
        try {
            HardeningFixture.copyWebapp(template, secretFile, webapp);
            deployment = deployer.deploy(webapp, CONTEXT_PATH);
        } catch (Exception | Error e) {
            TempFiles.deleteRecursively(webapp);
            throw e;
        }
        return deletingOnClose(deployment, webapp);
    }

    /** {@code deployment}, which deletes the temporary {@code directory} once it has closed. */
    static Deployment deletingOnClose(Deployment deployment, Path directory) {
        return new Deployment() {
            @Override
            public int port() {
                return deployment.port();
            }

            @Override
            public String contextPath() {
                return deployment.contextPath();
            }

            @Override
            public void close() {
                try {
                    deployment.close();
                } finally {
                    TempFiles.deleteRecursively(directory);
                }
            }

            @Override
            public String toString() {
                return deployment.toString();
            }
        };
    }
}
