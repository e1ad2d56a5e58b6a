package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.StaticContentContract.Outcome.NOT_FOUND;
import static dev.sharedsecret.contract.StaticContentContract.Outcome.SERVED;

import java.nio.file.Path;
import java.util.Map;

/** Static files and the context root on Undertow 2.3's default servlet. */
class UndertowStaticContentTest extends StaticContentContract {
    @Override
    Deployment start(Path docRoot, String filterPattern) throws Exception {
        return UndertowDeployment.staticContent(docRoot, filterPattern);
    }

    /**
     * Undertow, like Tomcat, resolves the welcome file before it matches filters, and matches a
     * filter mapped to {@code /} only to the path {@code /}: nothing is guarded.
     */
    @Override
    Map<String, Outcome> slashMapping() {
        return Map.of("/", SERVED, "/index.html", SERVED, "/css/site.css", SERVED, "/api/x", SERVED, "/api", SERVED,
                "/missing.txt", NOT_FOUND);
    }
}
