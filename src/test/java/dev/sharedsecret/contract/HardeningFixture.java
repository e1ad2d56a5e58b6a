package dev.sharedsecret.contract;

import dev.sharedsecret.SharedSecretFilter;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.Map;

/**
 * What the hardening suite deploys: one context {@value #CONTEXT_PATH} whose one filter
 * {@value #FILTER_NAME}, mapped to {@code /*}, reads a secret file and an environment variable,
 * excludes {@code /health} and {@code /public/*}, passes CORS preflights and strips the header. The
 * code deployments build it here; {@code src/test/webapp-hardening} declares the same in web.xml.
 */
final class HardeningFixture {
    static final String CONTEXT_PATH = "/gate";
    static final String FILTER_NAME = "gate";

    /** Secret A: the secret file's content at start. */
    static final String FILE_SECRET = "file-secret-A-0123456789abcdef0123456789abcdef";
    /** Secret C: what a rotation writes into the secret file. */
    static final String ROTATED_FILE_SECRET = "file-secret-C-fedcba9876543210fedcba9876543210";
    /** Secret B: the environment variable's; the value surefire exports as {@value ContractFixture#CURRENT_ENV}. */
    static final String ENV_SECRET = ContractFixture.CURRENT_SECRET;

    /** The variable the web.xml deployments read from the real environment. */
    static final String WEB_XML_ENV = ContractFixture.CURRENT_ENV;
    /** The variable the code deployments read: set only in their lookup map, never in the process. */
    static final String CODE_ENV = "SSF_HARDENING_SECRET";
    /** Set nowhere: the deployments that must fail to start name it. */
    static final String UNSET_ENV = ContractFixture.UNSET_ENV;

    static final String[] EXCLUDE_PATHS = {"/health", "/public/*"};
    static final String HEALTH_BODY = "{\"resource\":\"health\"}";
    static final String PUBLIC_BODY = "{\"resource\":\"public\"}";

    /** The trailer fields Tomcat is told to deliver (it drops all others). */
    static final String ALLOWED_TRAILERS = "x-shared-secret,x-probe-trailer";

    /** The web application of the gate; its web.xml names the secret file as {@value #SECRET_FILE_PLACEHOLDER}. */
    static final String GATE_WEBAPP = "webapp-hardening";
    /** A web application whose filter has no usable secret and {@code failOnMissingSecret} true. */
    static final String FAILING_WEBAPP = "webapp-fail-on-missing-secret";
    static final String SECRET_FILE_PLACEHOLDER = "@SECRET_FILE@";

    private HardeningFixture() {}

    /** The gate: secret A from {@code secretFile}, secret B from {@value #CODE_ENV} in a lookup map. */
    static SharedSecretFilter gateFilter(Path secretFile) {
        return SharedSecretFilter.builder().secretFile(secretFile).secretEnv(CODE_ENV)
                .environment(Map.of(CODE_ENV, ENV_SECRET)::get).excludePaths(EXCLUDE_PATHS).allowCorsPreflight(true)
                .build();
    }

    /**
     * The gate's application registered in code: {@code filter} as {@value #FILTER_NAME} on
     * {@code /*} for the {@code REQUEST} dispatch (as web.xml does by default); {@code /health}
     * (exact) and {@code /public/*} answer {@link FixedBodyServlet}s, {@code /protected/*} and the
     * default servlet {@code /} the {@link ProbeServlet}.
     */
    static Container.App gate(SharedSecretFilter filter) {
        return context -> {
            context.addFilter(FILTER_NAME, filter).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            context.addServlet("health", new FixedBodyServlet(HEALTH_BODY)).addMapping("/health");
            context.addServlet("public", new FixedBodyServlet(PUBLIC_BODY)).addMapping("/public/*");
            context.addServlet("probe", new ProbeServlet()).addMapping("/protected/*", "/");
        };
    }

    /** A gate whose file does not exist and whose variable is unset, told to fail deployment then. */
    static SharedSecretFilter failingFilter(Path missingFile) {
        return SharedSecretFilter.builder().secretFile(missingFile).secretEnv(UNSET_ENV)
                .environment(Map.of(CODE_ENV, ENV_SECRET)::get).failOnMissingSecret(true).build();
    }

    /** Writes {@code secret} into {@code file} with the trailing newline {@code echo} would leave. */
    static void writeSecret(Path file, String secret) throws IOException {
        Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII);
    }

    /**
     * Replaces {@code file}'s content with {@code secret} in one atomic rename, the way Kubernetes
     * and Vault Agent update a secret: a reader sees the old file or the new one, never half of it.
     */
    static void rotateSecret(Path file, String secret) throws IOException {
        Path next = Files.createTempFile(file.getParent(), "next-", ".tmp");
        writeSecret(next, secret);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Copies the web application {@code src/test/<template>} into {@code target}, writing
     * {@code secretFile} where its web.xml says {@value #SECRET_FILE_PLACEHOLDER}.
     */
    static void copyWebapp(String template, Path secretFile, Path target) throws IOException {
        TempFiles.copyTree(ContractFixture.webappDirectory(template), target);
        Path webXml = target.resolve("WEB-INF/web.xml");
        String declared = Files.readString(webXml, StandardCharsets.UTF_8);
        if (!declared.contains(SECRET_FILE_PLACEHOLDER)) {
            throw new IllegalStateException(template + "/WEB-INF/web.xml has no " + SECRET_FILE_PLACEHOLDER);
        }
        Files.writeString(webXml, declared.replace(SECRET_FILE_PLACEHOLDER, xmlText(secretFile.toString())),
                StandardCharsets.UTF_8);
    }

    private static String xmlText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
