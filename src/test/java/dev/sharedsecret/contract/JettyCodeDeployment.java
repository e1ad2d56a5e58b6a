package dev.sharedsecret.contract;

import dev.sharedsecret.SharedSecretFilter;
import dev.sharedsecret.demo.ProtectedServlet;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** Jetty 12 (ee10) {@link ServletContextHandler} with the filters registered in code by the builder. */
final class JettyCodeDeployment {
    private JettyCodeDeployment() {}

    static Deployment start() throws Exception {
        ServletContextHandler context = new ServletContextHandler(ContractFixture.CONTEXT_PATH);
        ServletHolder resource = new ServletHolder("resource", ProtectedServlet.class);
        map(context, "protected", ContractFixture.protectedFilter(), resource, ContractFixture.PROTECTED_PATTERNS);
        map(context, "unconfigured", ContractFixture.unconfiguredFilter(), resource,
                ContractFixture.UNCONFIGURED_PATTERNS);
        map(context, "custom", ContractFixture.customFilter(), resource, ContractFixture.CUSTOM_PATTERNS);
        return JettyDeployment.start(context, "Jetty ServletContextHandler, filters registered in code");
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
}
