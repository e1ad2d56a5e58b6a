package dev.sharedsecret.contract;

import java.nio.file.Path;

/** The hardening contract against embedded Tomcat 11, the gate declared in {@code src/test/webapp-hardening}. */
class TomcatWebXmlHardeningContractTest extends HardeningContract {
    @Override
    Deployment startGate(Path secretFile) throws Exception {
        ContainerVersions.assertTomcat11();
        return HardeningDeployments.webXml(TomcatWebXmlDeployment::start, HardeningFixture.GATE_WEBAPP, secretFile);
    }

    @Override
    Deployment startWithoutUsableSecret(Path missingFile) throws Exception {
        ContainerVersions.assertTomcat11();
        return HardeningDeployments.webXml(TomcatWebXmlDeployment::start, HardeningFixture.FAILING_WEBAPP, missingFile);
    }

    @Override
    String envVariable() {
        return HardeningFixture.WEB_XML_ENV;
    }
}
