package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.StaticContentContractTest.Outcome.NOT_FOUND;
import static dev.sharedsecret.contract.StaticContentContractTest.Outcome.REFUSED;
import static dev.sharedsecret.contract.StaticContentContractTest.Outcome.SERVED;

import dev.sharedsecret.contract.Container.H2cRefusal;
import dev.sharedsecret.contract.Container.Registration;
import dev.sharedsecret.contract.StaticContentContractTest.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The container matrix, as data: every container the suites run on, one {@link Container} each.
 * Each contract suite is written once and runs over every row it supports ({@link #deployments()});
 * adding a container is one entry here (and, for a new class path, one surefire execution).
 *
 * <p>Containers whose classes clash share no JVM: each row names the surefire execution whose class
 * path holds it, and a JVM runs the rows of the class path named by the system property
 * {@value #CLASS_PATH_PROPERTY} (default {@value #DEFAULT_CLASS_PATH}, the default test execution's).
 * The deployers are lambdas, not method references, so that no row's classes are loaded on
 * another row's class path.
 */
final class Containers {
    static final String CLASS_PATH_PROPERTY = "ssf.containers";
    static final String DEFAULT_CLASS_PATH = "servlet6";

    /**
     * A filter mapped to {@code /}: Jetty runs it for the context root itself only (the request for
     * {@code /app/}, which the default servlet answers with the welcome file); the files requested
     * by name and the API servlet get through.
     */
    private static final Map<String, Outcome> JETTY_SLASH = Map.of("/", REFUSED, "/index.html", SERVED,
            "/css/site.css", SERVED, "/api/x", SERVED, "/api", SERVED, "/missing.txt", NOT_FOUND);
    /**
     * A filter mapped to {@code /}: Tomcat and Undertow apply it to a request whose path is exactly
     * {@code /}, and have already turned the context root into the welcome file: nothing is guarded.
     */
    private static final Map<String, Outcome> NOTHING_GUARDED = Map.of("/", SERVED, "/index.html", SERVED,
            "/css/site.css", SERVED, "/api/x", SERVED, "/api", SERVED, "/missing.txt", NOT_FOUND);

    static final List<Container> ALL = List.of(
            new Container("Jetty 12.1 ee10", "servlet6", "jetty/12.1.", "6.0", "6.1",
                    (path, app, docRoot) -> Jetty12Ee10.code(path, app, docRoot),
                    (webapp, path) -> Jetty12Ee10.webXml(webapp, path), JETTY_SLASH, true,
                    (path, app, docRoot) -> Jetty12Ee10.h2c(path, app, docRoot), H2cRefusal.BAD_REQUEST),
            new Container("Jetty 12.1 ee11", "servlet6", "jetty/12.1.", "6.1", "6.1",
                    (path, app, docRoot) -> Jetty12Ee11.code(path, app, docRoot),
                    (webapp, path) -> Jetty12Ee11.webXml(webapp, path), JETTY_SLASH, true,
                    (path, app, docRoot) -> Jetty12Ee11.h2c(path, app, docRoot), H2cRefusal.BAD_REQUEST),
            new Container("Tomcat 11.0", "servlet6", "Apache Tomcat/11.0.", "6.1", "6.1",
                    (path, app, docRoot) -> TomcatCodeDeployment.start(path, app, docRoot),
                    (webapp, path) -> TomcatWebXmlDeployment.start(webapp, path), NOTHING_GUARDED, false,
                    (path, app, docRoot) -> TomcatCodeDeployment.h2c(path, app, docRoot), H2cRefusal.RESET_STREAM),
            new Container("Undertow 2.3", "servlet6", "Undertow - 2.3.", "6.0", "6.1",
                    (path, app, docRoot) -> UndertowDeployment.code(path, app, docRoot), null, NOTHING_GUARDED, false,
                    null, null),
            // Tomcat 10.1 on the Servlet 6.0 API that tomcat-embed-core bundles, as an installed Tomcat 10.1.
            new Container("Tomcat 10.1", "tomcat10.1", "Apache Tomcat/10.1.", "6.0", "6.0",
                    (path, app, docRoot) -> TomcatCodeDeployment.start(path, app, docRoot),
                    (webapp, path) -> TomcatWebXmlDeployment.start(webapp, path), NOTHING_GUARDED, false,
                    (path, app, docRoot) -> TomcatCodeDeployment.h2c(path, app, docRoot), H2cRefusal.RESET_STREAM),
            // Servlet 5.0: the jakarta namespace's first version, on the library's own jar.
            new Container("Tomcat 10.0", "servlet5", "Apache Tomcat/10.0.", "5.0", "5.0",
                    (path, app, docRoot) -> TomcatCodeDeployment.start(path, app, docRoot),
                    (webapp, path) -> TomcatWebXmlDeployment.start(webapp, path), NOTHING_GUARDED, false,
                    null, null),
            new Container("Jetty 11.0", "servlet5", "jetty/11.0.", "5.0", "5.0",
                    (path, app, docRoot) -> LegacyJetty.code(path, app, docRoot),
                    (webapp, path) -> LegacyJetty.webXml(webapp, path), null, false, null, null),
            // Servlet 4.0, javax: the javax jar, and these tests transformed to javax (surefire execution javax).
            new Container("Tomcat 9.0", "javax", "Apache Tomcat/9.0.", "4.0", "4.0",
                    (path, app, docRoot) -> TomcatCodeDeployment.start(path, app, docRoot),
                    (webapp, path) -> TomcatWebXmlDeployment.start(webapp, path), NOTHING_GUARDED, false,
                    null, null),
            new Container("Jetty 10.0", "javax", "jetty/10.0.", "4.0", "4.0",
                    (path, app, docRoot) -> LegacyJetty.code(path, app, docRoot),
                    (webapp, path) -> LegacyJetty.webXml(webapp, path), null, false, null, null));

    private Containers() {}

    /** The rows on this JVM's class path. */
    static Stream<Container> here() {
        String classPath = System.getProperty(CLASS_PATH_PROPERTY, DEFAULT_CLASS_PATH);
        return ALL.stream().filter(container -> container.classPath().equals(classPath));
    }

    /** Every row here with every registration it supports: the core and hardening suites' matrix. */
    static Stream<Arguments> deployments() {
        return here().flatMap(container -> Stream.of(Registration.values()).filter(container::supports)
                .map(registration -> Arguments.of(container, registration)));
    }

    /** The rows here that the static-content suite covers, in code and, where served, through web.xml. */
    static Stream<Arguments> staticContent() {
        return here().filter(container -> container.slashMapping() != null).flatMap(container ->
                (container.webXmlServesFiles() ? Stream.of(Registration.values()) : Stream.of(Registration.CODE))
                        .map(registration -> Arguments.of(container, registration)));
    }

    /**
     * The rows here whose container the h2c suite covers: the HTTP/2 client it uses is Jetty 12's,
     * which is not on the Servlet 5.0 class path.
     */
    static Stream<Container> h2c() {
        return here().filter(container -> container.h2c() != null);
    }

    /** The rows here among {@code names}: the load suite runs on one Jetty and one Tomcat. */
    static Stream<Container> named(String... names) {
        Set<String> wanted = Set.of(names);
        return here().filter(container -> wanted.contains(container.name()));
    }
}
