package dev.sharedsecret.contract;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;

/**
 * Undertow on 127.0.0.1, any free port, hosting one servlet deployment built with
 * Undertow's own API ({@link DeploymentInfo}): the way Undertow is embedded. Undertow's embedded
 * servlet container does not read web.xml (WildFly parses descriptors and hands Undertow a
 * {@code DeploymentInfo}), so there is no web.xml deployment for it.
 *
 * <p>Undertow initialises filters on their first request unless told otherwise; every deployment
 * here sets {@link DeploymentInfo#setEagerFilterInit eagerFilterInit}, so that, as on Jetty and
 * Tomcat, a filter that fails {@code init} fails the deployment (see
 * {@code HardeningContractTest}).
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

    /**
     * Hosts {@code app}, which registers itself from a {@code ServletContainerInitializer}, at
     * {@code contextPath}; if {@code docRoot} is not {@code null}, Undertow's own default servlet
     * (which every deployment without a servlet at {@code /} gets) serves its files.
     */
    static Deployment code(String contextPath, Container.App app, Path docRoot) throws Exception {
        ServletContainerInitializer initializer = (classes, servletContext) -> app.register(servletContext);
        DeploymentInfo info = Servlets.deployment().setClassLoader(UndertowDeployment.class.getClassLoader())
                .setContextPath(contextPath).setDeploymentName("app").setEagerFilterInit(true)
                .addServletContainerInitializer(new ServletContainerInitializerInfo(initializer.getClass(),
                        new ImmediateInstanceFactory<>(initializer), Set.of()));
        if (docRoot != null) {
            info.setResourceManager(new PathResourceManager(docRoot));
            info.addWelcomePage(StaticContentFixture.WELCOME_FILE);
        }
        return start(info, "Undertow DeploymentInfo");
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

    @Override
    public ServletContext servletContext() {
        return manager.getDeployment().getServletContext();
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
