package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.StaticContentContract.Outcome.NOT_FOUND;
import static dev.sharedsecret.contract.StaticContentContract.Outcome.REFUSED;
import static dev.sharedsecret.contract.StaticContentContract.Outcome.SERVED;

import java.nio.file.Path;
import java.util.Map;

/** Static files and the context root on Jetty 12 ee10's DefaultServlet. */
class JettyStaticContentTest extends StaticContentContract {
    @Override
    Deployment start(Path docRoot, String filterPattern) throws Exception {
        return StaticContentDeployments.jettyEe10(docRoot, filterPattern);
    }

    /**
     * Of the site's paths, Jetty runs a filter mapped to {@code /} for the context root itself only
     * (the request for {@code /app/}, which the default servlet answers with the welcome file): the
     * files requested by name and the API servlet get through.
     */
    @Override
    Map<String, Outcome> slashMapping() {
        return Map.of("/", REFUSED, "/index.html", SERVED, "/css/site.css", SERVED, "/api/x", SERVED, "/api", SERVED,
                "/missing.txt", NOT_FOUND);
    }
}
