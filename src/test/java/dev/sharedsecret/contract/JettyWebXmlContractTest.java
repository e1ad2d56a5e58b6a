package dev.sharedsecret.contract;

/** The contract against Jetty 12 {@code WebAppContext} deploying {@code src/test/webapp}, filters declared in web.xml. */
class JettyWebXmlContractTest extends SharedSecretContract {
    @Override
    Deployment startDeployment() throws Exception {
        return JettyWebXmlDeployment.start();
    }
}
