package dev.sharedsecret.contract;

/** The contract against Jetty 12 ee11 {@code WebAppContext} deploying {@code src/test/webapp}. */
class JettyEe11WebXmlContractTest extends SharedSecretContract {
    @Override
    Deployment startDeployment() throws Exception {
        return JettyEe11Deployments.contractWebXml();
    }
}
