package dev.sharedsecret.contract;

import dev.sharedsecret.SharedSecretFilter;
import dev.sharedsecret.demo.ProtectedServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.apache.catalina.Context;

/**
 * Embedded Tomcat (11 or 10.1, see {@link EmbeddedTomcat}) with the filters registered in code
 * through the standard programmatic API ({@link ServletContext#addFilter(String, jakarta.servlet.Filter)})
 * from a {@link jakarta.servlet.ServletContainerInitializer}, as frameworks such as Spring Boot do.
 */
final class TomcatCodeDeployment extends EmbeddedTomcat {

    private TomcatCodeDeployment(String contextPath, Consumer<ServletContext> setUp) throws Exception {
        super((tomcat, scratchDir) -> {
            Context context = tomcat.addContext(contextPath, scratchDir.toString());
            context.addServletContainerInitializer((classes, servletContext) -> setUp.accept(servletContext), null);
            return context;
        });
    }

    /** Hosts the contract's three filter mappings. */
    static TomcatCodeDeployment start() throws Exception {
        return start(ContractFixture.CONTEXT_PATH, TomcatCodeDeployment::register);
    }

    /**
     * Hosts what {@code setUp} registers at {@code contextPath}; if the context does not start (a
     * filter failed {@code init}), throws {@link IllegalStateException} after Tomcat logged the cause.
     */
    static TomcatCodeDeployment start(String contextPath, Consumer<ServletContext> setUp) throws Exception {
        return new TomcatCodeDeployment(contextPath, setUp);
    }

    private static void register(ServletContext servletContext) {
        ServletRegistration.Dynamic resource = servletContext.addServlet("resource", new ProtectedServlet());
        map(servletContext, "protected", ContractFixture.protectedFilter(), resource, ContractFixture.PROTECTED_PATTERNS);
        map(servletContext, "unconfigured", ContractFixture.unconfiguredFilter(), resource,
                ContractFixture.UNCONFIGURED_PATTERNS);
        map(servletContext, "custom", ContractFixture.customFilter(), resource, ContractFixture.CUSTOM_PATTERNS);
    }

    private static void map(ServletContext servletContext, String name, SharedSecretFilter filter,
            ServletRegistration.Dynamic resource, String... patterns) {
        FilterRegistration.Dynamic registration = servletContext.addFilter(name, filter);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, patterns);
        resource.addMapping(patterns);
    }

    @Override
    public String toString() {
        return "Tomcat, filters registered in code via ServletContext.addFilter";
    }
}
