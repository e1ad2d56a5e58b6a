package dev.sharedsecret.contract;

import dev.sharedsecret.SharedSecretFilter;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

/**
 * What the static-content suite deploys on each container: a context {@value #CONTEXT_PATH} whose
 * default servlet serves a directory holding {@value #WELCOME_FILE} and {@value #CSS_FILE}, a
 * servlet at {@value #API_PATTERN}, and one filter {@value #FILTER_NAME} mapped either to
 * {@code /*} (as the README says) or to {@code /} (the mistake the README warns about).
 */
final class StaticContentFixture {
    static final String CONTEXT_PATH = "/app";
    static final String FILTER_NAME = "site";
    static final String WELCOME_FILE = "index.html";
    static final String CSS_FILE = "css/site.css";
    static final String INDEX_BODY = "<!doctype html><title>static index</title><p>static-index-page</p>\n";
    static final String CSS_BODY = "body { color: #123456; } /* static-stylesheet */\n";
    static final String API_PATTERN = "/api/*";
    static final String API_BODY = "{\"resource\":\"api\"}";

    /**
     * The secret: the code deployments' filter takes it from a lookup map, the web.xml one from the
     * process environment, as {@value ContractFixture#CURRENT_ENV}.
     */
    static final String SECRET = ContractFixture.CURRENT_SECRET;
    private static final String ENV = "SSF_STATIC_SECRET";

    /** The web application declaring the filter and the API servlet, its pattern {@value #PATTERN_PLACEHOLDER}. */
    static final String WEBAPP = "webapp-static";
    static final String PATTERN_PLACEHOLDER = "@FILTER_PATTERN@";

    private StaticContentFixture() {}

    /** The site's filter: one secret, no exclusions. */
    static SharedSecretFilter filter() {
        return SharedSecretFilter.builder().secretEnv(ENV).environment(Map.of(ENV, SECRET)::get).build();
    }

    /** The site's application registered in code: the filter on {@code filterPattern}, the API servlet. */
    static Container.App app(String filterPattern) {
        return context -> {
            context.addFilter(FILTER_NAME, filter())
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, filterPattern);
            context.addServlet("api", new FixedBodyServlet(API_BODY)).addMapping(API_PATTERN);
        };
    }

    /**
     * Writes into the empty directory {@code target} a web application serving the site in
     * {@code docRoot}: its files, and {@code src/test/}{@value #WEBAPP}'s web.xml with the filter
     * mapped to {@code filterPattern}.
     */
    static void writeWebapp(Path docRoot, String filterPattern, Path target) throws IOException {
        TempFiles.copyTree(docRoot, target);
        Path template = ContractFixture.webappDirectory(WEBAPP).resolve("WEB-INF/web.xml");
        String declared = Files.readString(template, StandardCharsets.UTF_8);
        if (!declared.contains(PATTERN_PLACEHOLDER)) {
            throw new IllegalStateException(template + " has no " + PATTERN_PLACEHOLDER);
        }
        Path webXml = Files.createDirectories(target.resolve("WEB-INF")).resolve("web.xml");
        Files.writeString(webXml, declared.replace(PATTERN_PLACEHOLDER, filterPattern), StandardCharsets.UTF_8);
    }

    /** A new temporary directory holding the site's two files; the caller deletes it. */
    static Path writeSite() throws IOException {
        Path root = Files.createTempDirectory("ssf-static-");
        Files.writeString(root.resolve(WELCOME_FILE), INDEX_BODY, StandardCharsets.UTF_8);
        Path css = root.resolve(CSS_FILE);
        Files.createDirectories(css.getParent());
        Files.writeString(css, CSS_BODY, StandardCharsets.UTF_8);
        return root;
    }
}
