package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.HardeningFixture.FILTER_NAME;
import static dev.sharedsecret.contract.HardeningFixture.HEALTH_BODY;
import static dev.sharedsecret.contract.HardeningFixture.PUBLIC_BODY;

import dev.sharedsecret.SharedSecretFilter;
import dev.sharedsecret.demo.ProtectedServlet;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Undertow 2.3 (Servlet 6.0) on 127.0.0.1, any free port, hosting one servlet deployment built with
 * Undertow's own API ({@link DeploymentInfo}): the way Undertow is embedded. Undertow's embedded
 * servlet container does not read web.xml (WildFly parses descriptors and hands Undertow a
 * {@code DeploymentInfo}), so there is no web.xml deployment for it.
 *
 * <p>Undertow initialises filters on their first request unless told otherwise; every deployment
 * here sets {@link DeploymentInfo#setEagerFilterInit eagerFilterInit}, so that, as on Jetty and
 * Tomcat, a filter that fails {@code init} fails the deployment (see
 * {@code UndertowCodeHardeningContractTest}).
 */
final class UndertowDeployment implements Deployment {
    private final Undertow server;
    private final DeploymentManager manager;
    private final int port;
    private final String contextPath;
    private final String description;

    private UndertowDeployment(Undertow server, DeploymentManager manager, String contextPath, String description) {
        this.server = server;
        this.manager = manager;
        this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        this.contextPath = contextPath;
        this.description = description;
    }

    /** The contract's three filter mappings. */
    static Deployment contract() throws Exception {
        DeploymentInfo info = deployment(ContractFixture.CONTEXT_PATH, "contract");
        ServletInfo resource = servlet("resource", new ProtectedServlet());
        map(info, "protected", ContractFixture.protectedFilter(), resource, ContractFixture.PROTECTED_PATTERNS);
        map(info, "unconfigured", ContractFixture.unconfiguredFilter(), resource,
                ContractFixture.UNCONFIGURED_PATTERNS);
        map(info, "custom", ContractFixture.customFilter(), resource, ContractFixture.CUSTOM_PATTERNS);
        info.addServlet(resource);
        return start(info, "Undertow DeploymentInfo, filters registered in code");
    }

    private static void map(DeploymentInfo info, String name, SharedSecretFilter filter, ServletInfo resource,
            String... patterns) {
        info.addFilter(filter(name, filter));
        for (String pattern : patterns) {
            info.addFilterUrlMapping(name, pattern, DispatcherType.REQUEST);
            resource.addMapping(pattern);
        }
    }

    /** The hardening suite's gate, as {@link HardeningDeployments#jettyCode} builds it for Jetty. */
    static Deployment hardening(SharedSecretFilter filter) throws Exception {
        DeploymentInfo info = deployment(HardeningFixture.CONTEXT_PATH, "gate");
        info.addFilter(filter(FILTER_NAME, filter));
        info.addFilterUrlMapping(FILTER_NAME, "/*", DispatcherType.REQUEST);
        info.addServlet(servlet("health", new FixedBodyServlet(HEALTH_BODY)).addMapping("/health"));
        info.addServlet(servlet("public", new FixedBodyServlet(PUBLIC_BODY)).addMapping("/public/*"));
        info.addServlet(servlet("probe", new ProbeServlet()).addMappings("/protected/*", "/"));
        return start(info, "Undertow DeploymentInfo, gate registered in code");
    }

    /**
     * The static-content site of {@link StaticContentFixture}: Undertow's own default servlet (which
     * every deployment without a servlet at {@code /} gets) serving {@code docRoot}, the API servlet
     * at {@code /api/*}, the filter at {@code filterPattern}.
     */
    static Deployment staticContent(Path docRoot, String filterPattern) throws Exception {
        DeploymentInfo info = deployment(StaticContentFixture.CONTEXT_PATH, "static");
        info.setResourceManager(new PathResourceManager(docRoot));
        info.addWelcomePage(StaticContentFixture.WELCOME_FILE);
        info.addFilter(filter(StaticContentFixture.FILTER_NAME, StaticContentFixture.filter()));
        info.addFilterUrlMapping(StaticContentFixture.FILTER_NAME, filterPattern, DispatcherType.REQUEST);
        info.addServlet(servlet("api", new FixedBodyServlet(StaticContentFixture.API_BODY))
                .addMapping(StaticContentFixture.API_PATTERN));
        return start(info, "Undertow default servlet, filter mapped to " + filterPattern);
    }

    private static DeploymentInfo deployment(String contextPath, String name) {
        return Servlets.deployment().setClassLoader(UndertowDeployment.class.getClassLoader())
                .setContextPath(contextPath).setDeploymentName(name).setEagerFilterInit(true);
    }

    private static ServletInfo servlet(String name, Servlet servlet) {
        return Servlets.servlet(name, servlet.getClass(), new ImmediateInstanceFactory<>(servlet));
    }

    private static FilterInfo filter(String name, Filter filter) {
        return Servlets.filter(name, filter.getClass(), new ImmediateInstanceFactory<>(filter));
    }

    /**
     * Deploys and starts {@code info} in a container of its own, behind a path handler that answers
     * 404 outside the context, then checks the versions; any failure undoes what was started.
     */
    static UndertowDeployment start(DeploymentInfo info, String description) throws Exception {
        DeploymentManager manager = Servlets.newContainer().addDeployment(info);
        manager.deploy();
        HttpHandler context;
        try {
            context = manager.start();
        } catch (ServletException | RuntimeException e) {
            try {
                manager.undeploy();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath(info.getContextPath(), context)).build();
        UndertowDeployment deployment;
        try {
            server.start();
            deployment = new UndertowDeployment(server, manager, info.getContextPath(), description);
        } catch (RuntimeException | Error e) {
            stop(server, manager);
            throw e;
        }
        try {
            ContainerVersions.assertUndertow(manager.getDeployment().getServletContext());
        } catch (RuntimeException | Error e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String contextPath() {
        return contextPath;
    }

    /** Stops the deployment (destroying its filters) and the server. */
    @Override
    public void close() {
        stop(server, manager);
    }

    private static void stop(Undertow server, DeploymentManager manager) {
        try {
            try {
                manager.stop();
            } catch (ServletException e) {
                throw new IllegalStateException("Undertow deployment did not stop cleanly", e);
            } finally {
                manager.undeploy();
            }
        } finally {
            server.stop();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
