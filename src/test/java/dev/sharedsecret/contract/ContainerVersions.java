package dev.sharedsecret.contract;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URL;
import java.nio.charset.Charset;
import java.security.CodeSource;

/**
 * Which Servlet API the test JVM loaded, so that a row of the matrix ({@link Container}) can check
 * it runs on the class path it claims: the matrix runs on several (see the surefire executions in
 * pom.xml), and a mis-wired one must fail the suite, not quietly test another container.
 */
final class ContainerVersions {
    private ContainerVersions() {}

    /**
     * The level of the Servlet API classes loaded, told by what each level added: {@code "4.0"}
     * ({@code javax.servlet}, {@code HttpServletRequest.getHttpServletMapping}), {@code "5.0"}
     * (the same API as {@code jakarta.servlet}), {@code "6.0"} ({@code ServletRequest.getServletConnection})
     * or {@code "6.1"} ({@code ServletRequest.setCharacterEncoding(Charset)}).
     */
    static String loadedServletApi() {
        if (ServletRequest.class.getPackageName().equals("javax.servlet")) {
            return has(HttpServletRequest.class, "getHttpServletMapping") ? "4.0" : "3.1 or older";
        }
        if (has(ServletRequest.class, "setCharacterEncoding", Charset.class)) {
            return "6.1";
        }
        return has(ServletRequest.class, "getServletConnection") ? "6.0" : "5.0";
    }

    private static boolean has(Class<?> type, String method, Class<?>... parameters) {
        try {
            type.getMethod(method, parameters);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Where the Servlet API's classes were loaded from, for failure messages. */
    static String servletApiOrigin() {
        CodeSource source = ServletRequest.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return String.valueOf(location);
    }
}
