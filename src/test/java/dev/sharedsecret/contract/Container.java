package dev.sharedsecret.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharedsecret.contract.StaticContentContractTest.Outcome;
import jakarta.servlet.ServletContext;
import java.nio.file.Path;
import java.util.Map;

/**
 * One row of the container matrix ({@link Containers}): a servlet container, the class path it
 * runs on, what it must report, and how to deploy an application on it.
 *
 * @param name         shown in test names, such as {@code Tomcat 11.0}
 * @param classPath    the surefire execution whose class path holds this container (see pom.xml)
 * @param serverInfo   how the running container's {@link ServletContext#getServerInfo()} starts
 * @param spec         the Servlet specification its contexts report, {@code major.minor}
 * @param api          the level of the Servlet API classes loaded beside it ({@link ContainerVersions#loadedServletApi()})
 * @param code         deploys an application registered in code through the Servlet API
 * @param webXml       deploys a web application directory, or {@code null} if the container reads no web.xml
 * @param slashMapping what a filter mapped to {@code /} lets through without a secret (the static-content
 *                     suite), or {@code null} if that suite does not run here
 * @param webXmlServesFiles whether a web.xml deployment gets the container's default servlet (the
 *                     static-content suite's web.xml variant)
 * @param h2c          deploys as {@code code} does, on a connector that also speaks cleartext HTTP/2
 *                     (the h2c suite), or {@code null} if that suite does not run here
 * @param h2cRefusal   how the container refuses a header block HTTP/2 forbids, or {@code null} without {@code h2c}
 */
record Container(String name, String classPath, String serverInfo, String spec, String api, CodeDeployer code,
        WebXmlDeployer webXml, Map<String, Outcome> slashMapping, boolean webXmlServesFiles, CodeDeployer h2c,
        H2cRefusal h2cRefusal) {

    Container {
        if ((h2c == null) != (h2cRefusal == null)) {
            throw new IllegalArgumentException(name + ": h2c and h2cRefusal go together");
        }
    }

    /** How the filter reaches the container. */
    enum Registration {
        /** Registered in code, through {@link ServletContext#addFilter(String, jakarta.servlet.Filter)}. */
        CODE("code"),
        /** Declared in a {@code WEB-INF/web.xml} the container parses. */
        WEB_XML("web.xml");

        private final String label;

        Registration(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * How a container refuses a request whose header block HTTP/2 forbids (RFC 9113 section 8.2.1:
     * an upper-case field name, a value with surrounding whitespace or a control character), before
     * any filter runs.
     */
    enum H2cRefusal {
        /** A 400 response from the server's error handler (Jetty). */
        BAD_REQUEST,
        /** The stream reset with {@code PROTOCOL_ERROR}, no response at all (Tomcat). */
        RESET_STREAM
    }

    /** Registers an application's filters and servlets, as a {@code ServletContainerInitializer} does. */
    @FunctionalInterface
    interface App {
        void register(ServletContext context);
    }

    /** Starts a server hosting {@code app} at {@code contextPath}, on 127.0.0.1, any free port. */
    @FunctionalInterface
    interface CodeDeployer {
        /**
         * @param docRoot if not {@code null}, the files the container's default servlet serves at
         *                {@code /}, with {@value StaticContentFixture#WELCOME_FILE} as welcome file
         */
        Deployment deploy(String contextPath, App app, Path docRoot) throws Exception;
    }

    /** Starts a server deploying the web application directory {@code webapp} at {@code contextPath}. */
    @FunctionalInterface
    interface WebXmlDeployer {
        Deployment deploy(Path webapp, String contextPath) throws Exception;
    }

    /** Whether this container can host an application registered as {@code registration}. */
    boolean supports(Registration registration) {
        return registration == Registration.CODE || webXml != null;
    }

    /** Deploys {@code app} at {@code contextPath}, registered in code; no static files. */
    Deployment deploy(String contextPath, App app) throws Exception {
        return checked(code.deploy(contextPath, app, null));
    }

    /** Deploys {@code app} at {@code contextPath}, registered in code, serving {@code docRoot}. */
    Deployment deploy(String contextPath, App app, Path docRoot) throws Exception {
        return checked(code.deploy(contextPath, app, docRoot));
    }

    /** Deploys {@code app} at {@code contextPath}, registered in code, on a connector that also speaks h2c. */
    Deployment deployH2c(String contextPath, App app) throws Exception {
        return checked(h2c.deploy(contextPath, app, null));
    }

    /** Deploys the web application directory {@code webapp} at {@code contextPath}. */
    Deployment deployWebXml(Path webapp, String contextPath) throws Exception {
        return checked(webXml.deploy(webapp, contextPath));
    }

    /**
     * The deployment runs on this container and Servlet API, or it is closed and the test fails: a
     * mis-wired class path must not quietly test another container than the one in the test's name.
     */
    private Deployment checked(Deployment deployment) {
        try {
            ServletContext context = deployment.servletContext();
            String info = context.getServerInfo();
            assertTrue(info.startsWith(serverInfo), () -> name + ": expected a server info starting " + serverInfo
                    + ", running " + info);
            assertEquals(spec, context.getMajorVersion() + "." + context.getMinorVersion(),
                    () -> name + ": Servlet specification of " + info);
            assertEquals(api, ContainerVersions.loadedServletApi(),
                    () -> name + ": Servlet API loaded from " + ContainerVersions.servletApiOrigin());
            return deployment;
        } catch (RuntimeException | Error e) {
            try {
                deployment.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
