package dev.sharedsecret.contract;

import java.nio.file.Path;

/**
 * The hardening contract against Jetty 12 ee11 {@code WebAppContext}, the gate declared in
 * {@code src/test/webapp-hardening}.
 */
class JettyEe11WebXmlHardeningContractTest extends HardeningContract {
    @Override
    Deployment startGate(Path secretFile) throws Exception {
        return HardeningDeployments.webXml(JettyEe11Deployments::webXml, HardeningFixture.GATE_WEBAPP, secretFile);
    }

    @Override
    Deployment startWithoutUsableSecret(Path missingFile) throws Exception {
        return HardeningDeployments.webXml(JettyEe11Deployments::webXml, HardeningFixture.FAILING_WEBAPP, missingFile);
    }

    @Override
    String envVariable() {
        return HardeningFixture.WEB_XML_ENV;
    }
}
