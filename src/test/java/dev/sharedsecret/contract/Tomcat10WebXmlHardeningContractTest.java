package dev.sharedsecret.contract;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/**
 * The hardening contract against embedded Tomcat 10.1, the gate declared in {@code src/test/webapp-
 * hardening} (surefire execution tomcat10).
 */
@Tag("tomcat10")
class Tomcat10WebXmlHardeningContractTest extends HardeningContract {
    @Override
    Deployment startGate(Path secretFile) throws Exception {
        ContainerVersions.assertTomcat10();
        return HardeningDeployments.webXml(TomcatWebXmlDeployment::start, HardeningFixture.GATE_WEBAPP, secretFile);
    }

    @Override
    Deployment startWithoutUsableSecret(Path missingFile) throws Exception {
        ContainerVersions.assertTomcat10();
        return HardeningDeployments.webXml(TomcatWebXmlDeployment::start, HardeningFixture.FAILING_WEBAPP, missingFile);
    }

    @Override
    String envVariable() {
        return HardeningFixture.WEB_XML_ENV;
    }
}
