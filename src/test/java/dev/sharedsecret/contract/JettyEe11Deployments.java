package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.HardeningFixture.FILTER_NAME;
import static dev.sharedsecret.contract.HardeningFixture.HEALTH_BODY;
import static dev.sharedsecret.contract.HardeningFixture.PUBLIC_BODY;

import dev.sharedsecret.SharedSecretFilter;
import dev.sharedsecret.demo.ProtectedServlet;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.DefaultServlet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.webapp.WebAppContext;

/**
 * The deployments of the suites on Jetty 12 ee11 (Servlet 6.1), the same as the ee10 ones
 * ({@link JettyCodeDeployment}, {@link JettyWebXmlDeployment}, {@link HardeningDeployments},
 * {@link StaticContentDeployments}) with the ee11 classes. Once started, {@link JettyDeployment}
 * checks that the context reports Servlet 6.1 and that the 6.1 API is the one loaded.
 */
final class JettyEe11Deployments {
    private JettyEe11Deployments() {}

    /** The contract's three filter mappings, registered in code on a {@link ServletContextHandler}. */
    static Deployment contractCode() throws Exception {
        ServletContextHandler context = new ServletContextHandler(ContractFixture.CONTEXT_PATH);
        ServletHolder resource = new ServletHolder("resource", ProtectedServlet.class);
        map(context, "protected", ContractFixture.protectedFilter(), resource, ContractFixture.PROTECTED_PATTERNS);
        map(context, "unconfigured", ContractFixture.unconfiguredFilter(), resource,
                ContractFixture.UNCONFIGURED_PATTERNS);
        map(context, "custom", ContractFixture.customFilter(), resource, ContractFixture.CUSTOM_PATTERNS);
        return JettyDeployment.start(context, "Jetty ee11 ServletContextHandler, filters registered in code");
    }

    private static void map(ServletContextHandler context, String name, SharedSecretFilter filter,
            ServletHolder resource, String... patterns) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        for (String pattern : patterns) {
            context.addFilter(holder, pattern, EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(resource, pattern);
        }
    }

    /** {@code src/test/webapp}, the contract's web application, on a {@link WebAppContext}. */
    static Deployment contractWebXml() throws Exception {
        return webXml(ContractFixture.webappDirectory(), ContractFixture.CONTEXT_PATH);
    }

    /** Deploys {@code webappDirectory} at {@code contextPath}; a deployment error is thrown, not logged. */
    static Deployment webXml(Path webappDirectory, String contextPath) throws Exception {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(contextPath);
        webapp.setBaseResourceAsPath(webappDirectory);
        webapp.setThrowUnavailableOnStartupException(true);
        return JettyDeployment.start(webapp, "Jetty ee11 WebAppContext, filters declared in web.xml");
    }

    /** The hardening suite's gate, as {@link HardeningDeployments#jettyCode} builds it for ee10. */
    static Deployment hardeningCode(SharedSecretFilter filter) throws Exception {
        ServletContextHandler context = new ServletContextHandler(HardeningFixture.CONTEXT_PATH);
        FilterHolder gate = new FilterHolder(filter);
        gate.setName(FILTER_NAME);
        context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("health", new FixedBodyServlet(HEALTH_BODY)), "/health");
        context.addServlet(new ServletHolder("public", new FixedBodyServlet(PUBLIC_BODY)), "/public/*");
        ServletHolder probe = new ServletHolder("probe", new ProbeServlet());
        context.addServlet(probe, "/protected/*");
        context.addServlet(probe, "/");
        return JettyDeployment.start(context, "Jetty ee11 ServletContextHandler, gate registered in code");
    }

    /**
     * The static-content site of {@link StaticContentFixture}: ee11's {@link DefaultServlet} at
     * {@code /} serving {@code docRoot}, the API servlet at {@code /api/*}, the filter at {@code filterPattern}.
     */
    static Deployment staticContent(Path docRoot, String filterPattern) throws Exception {
        ServletContextHandler context = new ServletContextHandler(StaticContentFixture.CONTEXT_PATH);
        context.setBaseResourceAsPath(docRoot);
        context.setWelcomeFiles(new String[] {StaticContentFixture.WELCOME_FILE});
        FilterHolder gate = new FilterHolder(StaticContentFixture.filter());
        gate.setName(StaticContentFixture.FILTER_NAME);
        context.addFilter(gate, filterPattern, EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("api", new FixedBodyServlet(StaticContentFixture.API_BODY)),
                StaticContentFixture.API_PATTERN);
        context.addServlet(new ServletHolder("default", DefaultServlet.class), "/");
        return JettyDeployment.start(context, "Jetty ee11 DefaultServlet, filter mapped to " + filterPattern);
    }
}
