package dev.sharedsecret.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import java.net.URL;
import java.nio.charset.Charset;
import java.security.CodeSource;

/**
 * Checks that a test runs on the container and Servlet API it claims to. The matrix runs on two
 * class paths (see the surefire executions in pom.xml); a mis-wired one must fail the suite, not
 * quietly test another container than the one in the test's name.
 */
final class ContainerVersions {
    private ContainerVersions() {}

    /**
     * The level of the Servlet API classes actually loaded: {@code "6.1"} when
     * {@code ServletRequest.setCharacterEncoding(Charset)} (new in 6.1) exists, else {@code "6.0"}.
     */
    static String loadedServletApi() {
        try {
            ServletRequest.class.getMethod("setCharacterEncoding", Charset.class);
            return "6.1";
        } catch (NoSuchMethodException e) {
            return "6.0";
        }
    }

    /** Where the Servlet API's classes were loaded from, for failure messages. */
    static String servletApiOrigin() {
        return origin(ServletRequest.class);
    }

    private static String origin(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return String.valueOf(location);
    }

    /** The running context says it implements Servlet {@code major.minor}. */
    static void assertServletSpec(ServletContext context, String spec) {
        assertEquals(spec, context.getMajorVersion() + "." + context.getMinorVersion(),
                () -> "Servlet specification of " + context.getServerInfo());
    }

    /** The loaded Servlet API is {@code spec} exactly. */
    static void assertLoadedServletApi(String spec) {
        assertEquals(spec, loadedServletApi(), () -> "Servlet API loaded from " + servletApiOrigin());
    }

    /**
     * The loaded Servlet API is at least {@code spec}: a container made for 6.0 (Jetty ee10,
     * Undertow 2.3) runs unchanged on 6.1, which only adds default methods; one made for 6.1 does not
     * run on 6.0.
     */
    static void assertLoadedServletApiAtLeast(String spec) {
        assertTrue(loadedServletApi().compareTo(spec) >= 0,
                () -> "Servlet API " + loadedServletApi() + " loaded from " + servletApiOrigin() + ", need " + spec);
    }

    /** Jetty 12.1, whose context (of the environment ee10 or ee11) reports Servlet {@code spec}. */
    static void assertJetty(ServletContext context, String spec) {
        String version = org.eclipse.jetty.util.Jetty.VERSION;
        assertTrue(version.startsWith("12.1."), () -> "expected Jetty 12.1.x, running " + version);
        assertServletSpec(context, spec);
        assertLoadedServletApiAtLeast(spec);
    }

    /** Embedded Tomcat 11.0 on the Servlet 6.1 API it needs. */
    static void assertTomcat11() {
        assertTomcat("11.0.");
        assertLoadedServletApi("6.1");
    }

    /**
     * Embedded Tomcat 10.1 on the Servlet 6.0 API classes it bundles in tomcat-embed-core, as in a
     * Tomcat 10.1 installation: no API jar shadows them.
     */
    static void assertTomcat10() {
        assertTomcat("10.1.");
        assertLoadedServletApi("6.0");
        assertEquals(origin(org.apache.catalina.startup.Tomcat.class), servletApiOrigin(),
                "the Servlet API should come from tomcat-embed-core 10.1");
    }

    private static void assertTomcat(String versionPrefix) {
        String version = org.apache.catalina.util.ServerInfo.getServerNumber();
        assertTrue(version.startsWith(versionPrefix),
                () -> "expected Tomcat " + versionPrefix + "x, running " + version + " from "
                        + origin(org.apache.catalina.util.ServerInfo.class));
    }

    /** Undertow 2.3, whose running deployment reports Servlet 6.0. */
    static void assertUndertow(ServletContext context) {
        String version = io.undertow.Version.getVersionString();
        assertTrue(version.startsWith("2.3."), () -> "expected Undertow 2.3.x, running " + version);
        assertServletSpec(context, "6.0");
        assertLoadedServletApiAtLeast("6.0");
    }
}
