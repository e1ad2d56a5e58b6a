package dev.sharedsecret.contract;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Jetty 10 ({@code javax}, Servlet 4.0) and Jetty 11 ({@code jakarta}, Servlet 5.0) on 127.0.0.1,
 * any free port: a {@code ServletContextHandler} whose application registers itself from a
 * {@code ServletContainerInitializer}, or a {@code WebAppContext} that reads {@code web.xml}.
 *
 * <p>Their API is driven by name, through reflection: its classes have the names of Jetty 12's,
 * against which the tests compile, but not their shapes. Only these few calls are made, the same
 * on both versions; the containers themselves run for real.
 */
final class LegacyJetty implements Deployment {
    private final Object server;
    private final int port;
    private final String contextPath;
    private final ServletContext servletContext;
    private final String description;

    private LegacyJetty(Object server, int port, String contextPath, ServletContext servletContext, String description) {
        this.server = server;
        this.port = port;
        this.contextPath = contextPath;
        this.servletContext = servletContext;
        this.description = description;
    }

    static Deployment code(String contextPath, Container.App app, Path docRoot) throws Exception {
        if (docRoot != null) {
            throw new UnsupportedOperationException("the static-content suite does not run on Jetty 10 or 11");
        }
        Object context = construct("org.eclipse.jetty.servlet.ServletContextHandler");
        call(context, "setContextPath", contextPath);
        ServletContainerInitializer initializer = (classes, servletContext) -> app.register(servletContext);
        call(context, "addServletContainerInitializer", initializer);
        return start(context, contextPath, "Jetty ServletContextHandler");
    }

    static Deployment webXml(Path webappDirectory, String contextPath) throws Exception {
        Object webapp = construct("org.eclipse.jetty.webapp.WebAppContext");
        call(webapp, "setContextPath", contextPath);
        call(webapp, "setResourceBase", webappDirectory.toString());
        // A deployment error must fail the test run, not leave a server answering 503.
        call(webapp, "setThrowUnavailableOnStartupException", true);
        return start(webapp, contextPath, "Jetty WebAppContext");
    }

    /** Starts a server for {@code context}; if that fails, stops whatever did start and rethrows. */
    private static Deployment start(Object context, String contextPath, String description) throws Exception {
        Object server = construct("org.eclipse.jetty.server.Server");
        Object connector = construct("org.eclipse.jetty.server.ServerConnector", server);
        call(connector, "setHost", "127.0.0.1");
        call(connector, "setPort", 0);
        call(server, "addConnector", connector);
        call(server, "setHandler", context);
        try {
            call(server, "start");
            return new LegacyJetty(server, (Integer) call(connector, "getLocalPort"), contextPath,
                    (ServletContext) call(context, "getServletContext"), description);
        } catch (Exception | Error e) {
            try {
                call(server, "stop");
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static Object construct(String className, Object... arguments) throws Exception {
        for (var constructor : Class.forName(className).getConstructors()) {
            if (accepts(constructor.getParameterTypes(), arguments)) {
                return unwrapped(() -> constructor.newInstance(arguments));
            }
        }
        throw new NoSuchMethodException(className + " with arguments " + Arrays.toString(arguments));
    }

    /** Calls the public method {@code name} whose parameters take {@code arguments}. */
    private static Object call(Object target, String name, Object... arguments) throws Exception {
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name) && !Modifier.isStatic(method.getModifiers())
                    && accepts(method.getParameterTypes(), arguments)) {
                return unwrapped(() -> method.invoke(target, arguments));
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name + Arrays.toString(arguments));
    }

    private static boolean accepts(Class<?>[] parameters, Object[] arguments) {
        if (parameters.length != arguments.length) {
            return false;
        }
        for (int i = 0; i < parameters.length; i++) {
            Class<?> type = parameters[i] == int.class ? Integer.class
                    : parameters[i] == boolean.class ? Boolean.class : parameters[i];
            if (!type.isInstance(arguments[i])) {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    private interface Reflective {
        Object run() throws ReflectiveOperationException;
    }

    /** Runs {@code call}, throwing what the called code threw rather than its reflective wrapper. */
    private static Object unwrapped(Reflective call) throws Exception {
        try {
            return call.run();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
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
        return servletContext;
    }

    /** Stops the server; a failure is reported unchecked, as {@link Deployment#close()} requires. */
    @Override
    public void close() {
        try {
            call(server, "stop");
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
