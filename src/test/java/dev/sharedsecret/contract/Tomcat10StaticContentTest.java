package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.StaticContentContract.Outcome.NOT_FOUND;
import static dev.sharedsecret.contract.StaticContentContract.Outcome.SERVED;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/** Static files and the context root on Tomcat 10.1's DefaultServlet (surefire execution tomcat10). */
@Tag("tomcat10")
class Tomcat10StaticContentTest extends StaticContentContract {
    @Override
    Deployment start(Path docRoot, String filterPattern) throws Exception {
        ContainerVersions.assertTomcat10();
        return StaticContentDeployments.tomcat(docRoot, filterPattern);
    }

    /**
     * Tomcat applies a filter mapped to {@code /} to a request whose path is exactly {@code /}, and
     * its mapper has already turned the context root into {@code /index.html}: nothing is guarded.
     */
    @Override
    Map<String, Outcome> slashMapping() {
        return Map.of("/", SERVED, "/index.html", SERVED, "/css/site.css", SERVED, "/api/x", SERVED, "/api", SERVED,
                "/missing.txt", NOT_FOUND);
    }
}
