package dev.sharedsecret.contract;

import dev.sharedsecret.SharedSecretFilter;
import dev.sharedsecret.demo.ProtectedServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import org.apache.catalina.Context;

/**
 * Embedded Tomcat 11 with the filters registered in code through the standard programmatic API
 * ({@link ServletContext#addFilter(String, jakarta.servlet.Filter)}) from a
 * {@link jakarta.servlet.ServletContainerInitializer}, as frameworks such as Spring Boot do.
 */
final class TomcatCodeDeployment extends EmbeddedTomcat {

    private TomcatCodeDeployment() throws Exception {
        super((tomcat, scratchDir) -> {
            Context context = tomcat.addContext(ContractFixture.CONTEXT_PATH, scratchDir.toString());
            context.addServletContainerInitializer((classes, servletContext) -> register(servletContext), null);
            return context;
        });
    }

    static TomcatCodeDeployment start() throws Exception {
        return new TomcatCodeDeployment();
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
