package dev.sharedsecret.contract;

import dev.sharedsecret.SharedSecretFilter;
import dev.sharedsecret.demo.ProtectedServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What every deployment hosts: the secrets, the environment variable names, the three filter
 * configurations and their URL patterns. The web.xml under {@code src/test/webapp} declares the
 * same configuration with init-params; the code deployments build it here.
 */
final class ContractFixture {
    /** Accepted by {@code /protected} and {@code /custom}; surefire exports it as {@value #CURRENT_ENV}. */
    static final String CURRENT_SECRET = "test-secret-0123456789abcdef0123456789abcdef";
    /** Still accepted by {@code /protected} during a rotation; surefire exports it as {@value #PREVIOUS_ENV}. */
    static final String PREVIOUS_SECRET = "previous-secret-fedcba9876543210fedcba98";

    static final String CURRENT_ENV = "SSF_TEST_SECRET";
    static final String PREVIOUS_ENV = "SSF_TEST_SECRET_PREVIOUS";
    /** Never set anywhere: the {@code /unconfigured} mapping has no usable secret. */
    static final String UNSET_ENV = "SSF_TEST_UNSET";

    static final String DEFAULT_HEADER = "X-Shared-Secret";
    static final String CUSTOM_HEADER = "X-Origin-Token";

    static final String[] PROTECTED_PATTERNS = {"/protected", "/protected/*"};
    static final String[] UNCONFIGURED_PATTERNS = {"/unconfigured/*"};
    static final String[] CUSTOM_PATTERNS = {"/custom/*"};

    static final String CONTEXT_PATH = "/app";

    /**
     * The variables the code-registered filters read: set only in {@link #ENVIRONMENT}, never in
     * the process environment, so a builder that ignored its lookup would fail the suite.
     */
    static final String CODE_CURRENT_ENV = "SSF_CODE_SECRET";
    static final String CODE_PREVIOUS_ENV = "SSF_CODE_SECRET_PREVIOUS";

    /** The environment the code-registered filters see; deliberately a map, not the process environment. */
    private static final UnaryOperator<String> ENVIRONMENT =
            Map.of(CODE_CURRENT_ENV, CURRENT_SECRET, CODE_PREVIOUS_ENV, PREVIOUS_SECRET)::get;

    private ContractFixture() {}

    /** {@code /protected}: default header, current and previous secret accepted. */
    static SharedSecretFilter protectedFilter() {
        return SharedSecretFilter.builder().secretEnv(CODE_CURRENT_ENV, CODE_PREVIOUS_ENV).environment(ENVIRONMENT).build();
    }

    /** {@code /unconfigured}: names a variable that is not set, so every request must fail closed. */
    static SharedSecretFilter unconfiguredFilter() {
        return SharedSecretFilter.builder().secretEnv(UNSET_ENV).environment(ENVIRONMENT).build();
    }

    /** {@code /custom}: header {@value #CUSTOM_HEADER}, current secret only. */
    static SharedSecretFilter customFilter() {
        return SharedSecretFilter.builder().headerName(CUSTOM_HEADER).secretEnv(CODE_CURRENT_ENV)
                .environment(ENVIRONMENT).build();
    }

    /**
     * The contract's application registered in code: the three filters, each mapped with its
     * patterns to the one resource servlet.
     */
    static void register(ServletContext context) {
        ServletRegistration.Dynamic resource = context.addServlet("resource", new ProtectedServlet());
        map(context, "protected", protectedFilter(), resource, PROTECTED_PATTERNS);
        map(context, "unconfigured", unconfiguredFilter(), resource, UNCONFIGURED_PATTERNS);
        map(context, "custom", customFilter(), resource, CUSTOM_PATTERNS);
    }

    private static void map(ServletContext context, String name, SharedSecretFilter filter,
            ServletRegistration.Dynamic resource, String... patterns) {
        context.addFilter(name, filter).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, patterns);
        resource.addMapping(patterns);
    }

    /** The test web application directory (with WEB-INF/web.xml), resolved from the Maven base directory. */
    static Path webappDirectory() {
        return webappDirectory("webapp");
    }

    /** The web application directory {@code src/test/<name>}, which must hold a WEB-INF/web.xml. */
    static Path webappDirectory(String name) {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("src/test").resolve(name).toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(dir.resolve("WEB-INF/web.xml"))) {
            throw new IllegalStateException("no WEB-INF/web.xml under " + dir);
        }
        return dir;
    }
}
